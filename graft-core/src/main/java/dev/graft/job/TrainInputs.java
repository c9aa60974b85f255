package dev.graft.job;

import dev.graft.data.Data;
import dev.graft.data.Datasets;
import dev.graft.data.Preprocess;
import dev.graft.model.Architectures;
import dev.graft.model.LoadReport;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.model.TorchScriptNetwork;
import dev.graft.model.WeightLoader;
import dev.graft.pretrain.synthetic.SyntheticData;
import dev.graft.pretrain.synthetic.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps every command built on training shares: weights, data, preprocessing, loading. */
public final class TrainInputs {
    private static final Logger LOG = LoggerFactory.getLogger(TrainInputs.class);
    private TrainInputs() {}

    /** Checks the architecture name and resolves the weights; null for a strategy that needs none. */
    public static Pretrained.Resolved weights(TrainRequest r) {
        Architectures.get(r.arch()); // fail on a bad name before reading any data
        if (r.strategy().usesPretrained() && r.weights() == null) {
            throw new IllegalArgumentException("strategy " + r.strategy() + " starts from pretrained weights: give "
                    + "`weights` FILE|TAG, or use `strategy` scratch");
        }
        return r.strategy().usesPretrained() ? Pretrained.resolve(r.weights()) : null;
    }

    /**
     * The local files and folders a request reads, by flag, for {@link dev.graft.run.OutputFolder}
     * to keep them apart from the run folder it writes.
     */
    public static Map<String, Path> paths(TrainRequest r) {
        Map<String, Path> out = new LinkedHashMap<>();
        if (!r.data().isFashionMnist()) {
            out.put("`data`", Path.of(r.data().data()));
        }
        localPath(r.weights()).ifPresent(p -> out.put("`weights`", p));
        if (r.arch().startsWith(TorchScriptNetwork.PREFIX) && r.arch().lastIndexOf('#') > 0) {
            localPath(r.arch().substring(TorchScriptNetwork.PREFIX.length(), r.arch().lastIndexOf('#')))
                    .ifPresent(p -> out.put("`model`", p));
        }
        return out;
    }

    /** A weights spec as a local path, when it names one that exists (not a tag or URL). */
    static Optional<Path> localPath(String spec) {
        if (spec == null || spec.contains("://") || spec.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            Path p = Path.of(spec);
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Opens the data and reports what it is and what could not be read. */
    public static Data data(TrainRequest r) {
        return report(SyntheticSpec.isSynthetic(r.data().data()) ? SyntheticData.open(r.data()) : Datasets.open(r.data()));
    }

    /** Reports what opened data is and what could not be read; returns it. */
    public static Data report(Data data) {
        LOG.info("data: " + data.description());
        if (!data.skipped().isEmpty()) {
            LOG.info("skipped " + data.skipped().size() + " unreadable image(s), e.g. " + data.skipped().get(0));
        }
        return data;
    }

    /** The request's preprocessing, else the weights', else the data's or the architecture's default. */
    public static Preprocess preprocess(TrainRequest r, Pretrained.Resolved weights) {
        return r.preprocess() != null ? r.preprocess()
                : weights != null && weights.spec() != null ? weights.spec().preprocess()
                : r.data().isFashionMnist() || SyntheticSpec.isSynthetic(r.data().data()) ? Preprocess.fashionMnist()
                : Preprocess.imagenet(Architectures.get(r.arch()).inputSize());
    }

    /**
     * Loads pretrained weights into {@code net}, replacing the head when the classes differ in
     * number or in name; strict refuses instead. Returns what loading did, or null without weights.
     */
    public static String load(Network net, TrainRequest r, Data data, Pretrained.Resolved weights) {
        if (weights == null) {
            return null;
        }
        boolean otherClasses = weights.spec() != null && !weights.spec().labels().isEmpty()
                && !weights.spec().labels().equals(data.labels());
        if (r.strict() && otherClasses) {
            // the head fits in shape but was trained for other classes: strict refuses it as surely as a wrong size
            throw new dev.graft.weights.WeightsException(weights.source() + ": its head was trained for the classes "
                    + weights.spec().labels() + " but the task has " + data.labels() + "; drop `strict` to replace "
                    + "the head");
        }
        WeightLoader.HeadMode mode = r.strict() ? WeightLoader.HeadMode.STRICT
                : otherClasses ? WeightLoader.HeadMode.REPLACE : WeightLoader.HeadMode.AUTO;
        LoadReport rep = WeightLoader.load(net, weights.dict(), weights.source(), mode);
        LOG.info("weights: " + weights.source() + ": " + rep.describe());
        return rep.describe();
    }
}
