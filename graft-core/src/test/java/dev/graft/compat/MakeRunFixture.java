package dev.graft.compat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.graft.data.Augment;
import dev.graft.data.DataConfig;
import dev.graft.job.LoadedRun;
import dev.graft.job.TrainJob;
import dev.graft.job.TrainRequest;
import dev.graft.model.HeadSpec;
import dev.graft.nn.Ctx;
import dev.graft.recipe.Strategy;
import dev.graft.train.TrainConfig;
import dev.graft.weights.HostTensor;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code fixtures/runs/v<version>/}: a run folder made by this release, plus the logits it
 * gives on a fixed input. Run once per release that changes the run format; {@code RunCompatTest}
 * then checks every such folder still loads and predicts the same.
 *
 * <p>Usage: {@code java -cp <test classpath> dev.graft.compat.MakeRunFixture OUT_DIR [lora]}; with
 * {@code lora}, the run is a LoRA run on the bundled backbone (its folder holds only adapters
 * and names the base by tag).
 */
public final class MakeRunFixture {
    private MakeRunFixture() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        TrainConfig cfg = TrainConfig.builder().optEpochs(1).optBatchSize(32).optSeed(3).build();
        DataConfig data = new DataConfig(DataConfig.FASHION_MNIST, new int[] {0, 1, 2}, 20, 10, 0.2, 3, 1);
        boolean lora = args.length > 1 && args[1].equals("lora");
        TrainRequest r = new TrainRequest(data, "resnet18_small", lora ? "resnet18_small.fmnist_src" : null,
                lora ? Strategy.LORA : Strategy.SCRATCH, cfg, new HeadSpec(0, 0.2f), Augment.NONE, 0, 1f, out, true,
                false, 1, null);
        TrainJob.run(r, List.of());
        Files.deleteIfExists(out.resolve("request.json")); // only --resume reads it, and it holds absolute paths
        float[] x = new float[2 * 3 * 28 * 28];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(9);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        try (LoadedRun run = LoadedRun.open(out, 1)) {
            NDArray logits = run.net().forward(run.manager().create(x, new Shape(2, 3, 28, 28)), Ctx.EVAL);
            StateDict io = new StateDict().put("input", new HostTensor(new long[] {2, 3, 28, 28}, x))
                    .put("logits", new HostTensor(new long[] {2, 3}, logits.toFloatArray()));
            Safetensors.write(io, out.resolve("expected_io.safetensors"));
        }
        Files.deleteIfExists(out.resolve("confusion.png"));
    }
}
