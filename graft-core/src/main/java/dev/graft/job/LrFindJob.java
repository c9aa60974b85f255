package dev.graft.job;

import ai.djl.ndarray.NDManager;
import dev.graft.data.Data;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.report.LrFinderPlot;
import dev.graft.model.Models;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.recipe.RecipeSetup;
import dev.graft.recipe.Tuning;
import dev.graft.train.Freezing;
import dev.graft.train.ImageBatches;
import dev.graft.train.LrFinder;
import dev.graft.train.Sampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code graft lr-find}: the learning-rate range test on the same data, network, weights and
 * options a {@code graft train} with these flags would use, with the parameters the strategy
 * trains unfrozen (for fine-tune: its second, fully unfrozen phase, with its layer-wise rates).
 * Writes {@code lr-find.png} and {@code lr-find.csv} into the request's output folder.
 */
public final class LrFindJob {
    private LrFindJob() {}

    /**
     * @param finder the curve and suggestions
     * @param png the plot
     * @param csv one line per step: lr, loss, smoothed loss
     * @param trainable parameters the sweep trained
     */
    public record Result(LrFinder.Result finder, Path png, Path csv, long trainable) {}

    public static Result run(TrainRequest r, LrFinder finder) {
        Engines.start(r.threads());
        Pretrained.Resolved weights = TrainInputs.weights(r);
        Data data = TrainInputs.data(r);
        Preprocess pre = TrainInputs.preprocess(r, weights);
        try (NDManager manager = Engines.newManager()) {
            Network net = Models.build(r.arch(), data.labels().size(), r.head(), manager, r.train().seed());
            TrainInputs.load(net, r, data, weights);
            RecipeSetup s = r.tuning().prepare(new RecipeSetup(net, data.train(), data.val(), pre, r.augment(),
                    r.train(), r.headEpochs(), r.lrMult(), r.threads(), List.of(), r.tuning()));
            Map<String, Float> lrMult = freezeAsStrategy(r, net);
            Sampler order = r.tuning().sampler(Tuning.labels(data.train()), data.labels().size(), r.train().seed());
            LrFinder.Result res;
            try (ImageBatches batches = new ImageBatches(data.train(), data.val(), pre, r.augment(),
                    r.train().batchSize(), r.threads(), r.train().seed(), order)) {
                res = finder.run(net, batches, s.config(), lrMult);
            }
            return write(r.out(), res, net.countTrainable(), r.strategy() + " on " + r.arch());
        }
    }

    /** Freezes as the strategy's (last) training phase does; returns its learning-rate multipliers. */
    private static Map<String, Float> freezeAsStrategy(TrainRequest r, Network net) {
        var policy = r.train().bnPolicy();
        switch (r.strategy().kind()) {
            case SCRATCH -> Freezing.unfreezeAll(net, policy);
            case LINEAR_PROBE -> Freezing.freezeBackbone(net, policy);
            case PARTIAL -> {
                Freezing.freezeStages(net, r.strategy().k(), policy);
                return r.tuning().lrMults(net, Map.of());
            }
            case FINE_TUNE -> {
                Freezing.unfreezeAll(net, policy);
                return r.tuning().lrMults(net, Freezing.layerwiseLr(net, r.lrMult()));
            }
            default -> throw new IllegalArgumentException("lr-find supports scratch, linear-probe, partial:K and "
                    + "fine-tune, not " + r.strategy());
        }
        return Map.of();
    }

    private static Result write(Path out, LrFinder.Result res, long trainable, String what) {
        Path png = out.resolve("lr-find.png");
        Path csv = out.resolve("lr-find.csv");
        StringBuilder sb = new StringBuilder("lr,loss,smoothed\n");
        res.points().forEach(p -> sb.append(p.lr()).append(',').append(p.loss()).append(',').append(p.smoothed())
                .append('\n'));
        try {
            Files.createDirectories(out);
            Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
            LrFinderPlot.writePng(res, "Learning-rate range test: " + what, png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the range test to " + out + "; choose another `out`", e);
        }
        return new Result(res, png, csv, trainable);
    }
}
