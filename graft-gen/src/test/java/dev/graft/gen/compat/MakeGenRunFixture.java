package dev.graft.gen.compat;

import dev.graft.gen.GenBundled;
import dev.graft.gen.GenFinetune;
import dev.graft.gen.GenKind;
import dev.graft.gen.GenModel;
import dev.graft.gen.GenPretrain;
import dev.graft.gen.GenRun;
import dev.graft.gen.GenTrainConfig;
import dev.graft.gen.Generator;
import dev.graft.gen.ddpm.Ddpm;
import dev.graft.gen.ddpm.UNetConfig;
import dev.graft.gen.gan.GanConfig;
import dev.graft.gen.tune.GenStrategy;
import dev.graft.weights.HostTensor;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code fixtures/gen-runs/v<version>-*}: tiny generator run folders made by this release
 * (a DDPM pretrain, a LoRA fine-tune of it, a full fine-tune of a GAN), each with
 * {@code expected.safetensors} holding the samples it draws for a fixed seed, and
 * {@code bundled.safetensors} with what the shipped generators draw, and
 * {@code training.safetensors} with what short trainings ({@link GenTrainingCompat}) end with. {@code GenRunCompatTest}
 * then checks that later releases load them and draw the same.
 *
 * <p>Usage: {@code java -cp <test classpath> dev.graft.gen.compat.MakeGenRunFixture OUT_DIR VERSION}.
 */
public final class MakeGenRunFixture {
    /** Images and seed of every expected sample. */
    static final int SAMPLES = 4;
    static final long SEED = 5;
    /** DDIM steps used when sampling the shipped DDPM, to keep the test fast. */
    static final int BUNDLED_DDPM_STEPS = 2;

    private MakeGenRunFixture() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String v = args[1];
        Path ddpm = root.resolve(v + "-ddpm-pretrain");
        GenTrainConfig pre = GenTrainConfig.builder().steps(3).batchSize(4).warmupSteps(1).emaDecay(0.9f)
                .evalEvery(0).patience(0).seed(3).build();
        GenPretrain.run(new GenPretrain.Request("fashion-mnist:0-4", GenKind.DDPM, UNetConfig.tiny(), null, pre, 2,
                ddpm, true, 1, null));
        finish(ddpm);

        Path lora = root.resolve(v + "-ddpm-lora");
        GenStrategy s = GenStrategy.parse("lora:2");
        // the run must keep trained adapters (a best step after 0), so seeds are tried in order until one does
        for (long seed = 4; ; seed++) {
            GenTrainConfig ft = GenFinetune.defaults(GenKind.DDPM, s).toBuilder().steps(3).batchSize(4)
                    .warmupSteps(1).evalEvery(1).evalSamples(8).lr(1e-2f).seed(seed).build();
            if (GenFinetune.run(new GenFinetune.Request(ddpm, "fashion-mnist:9", 10, s, ft, 1, null, lora, true, 1)).result().bestStep() > 0) {
                break;
            }
        }
        finish(lora);

        Path ganBase = Files.createTempDirectory("gan-base");
        GenPretrain.run(new GenPretrain.Request("fashion-mnist:0-4", GenKind.GAN, null, GanConfig.tiny(),
                pre.toBuilder().lr(2e-3f).build(), 0, ganBase, true, 1, null));
        Path full = root.resolve(v + "-gan-full");
        GenStrategy f = GenStrategy.parse("full");
        GenFinetune.run(new GenFinetune.Request(ganBase, "fashion-mnist:9", 10, f, GenFinetune.defaults(GenKind.GAN, f)
                .toBuilder().steps(3).batchSize(4).warmupSteps(1).evalEvery(1).evalSamples(8).seed(4).build(), 1, null,
                full, true, 1));
        finish(full);

        StateDict bundled = new StateDict();
        for (String name : GenBundled.NAMES) {
            try (GenModel m = GenModel.open(GenRun.open(GenBundled.resolve(name)))) {
                if (m.generator() instanceof Ddpm d) {
                    d.setSamplingSteps(BUNDLED_DDPM_STEPS);
                }
                bundled.put(name, samples(m.generator()));
            }
        }
        Safetensors.write(bundled, root.resolve(v + "-bundled.safetensors"));

        StateDict trained = new StateDict();
        for (String name : GenTrainingCompat.CASES) {
            trained.put(name, new HostTensor(new long[] {SAMPLES, 1, 28, 28}, GenTrainingCompat.train(name)));
        }
        Safetensors.write(trained, root.resolve(v + "-training.safetensors"));
    }

    /** Drops what loading does not need, and records what the run draws. */
    private static void finish(Path run) throws Exception {
        Files.deleteIfExists(run.resolve(GenRun.SAMPLES));
        Files.deleteIfExists(run.resolve(GenRun.CURVE));
        try (GenModel m = GenModel.open(GenRun.open(run))) {
            Safetensors.write(new StateDict().put("samples", samples(m.generator())), run.resolve("expected.safetensors"));
        }
    }

    private static HostTensor samples(Generator g) {
        int[] s = g.imageShape();
        return new HostTensor(new long[] {SAMPLES, s[0], s[1], s[2]}, g.sample(SAMPLES, SEED));
    }
}
