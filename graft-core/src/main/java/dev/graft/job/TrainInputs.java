package dev.graft.job;

import dev.graft.data.Data;
import dev.graft.data.Datasets;
import dev.graft.data.Preprocess;
import dev.graft.model.Architectures;
import dev.graft.model.LoadReport;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.model.WeightLoader;
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

    /** Opens the data and reports what it is and what could not be read. */
    public static Data data(TrainRequest r) {
        return report(Datasets.open(r.data()));
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
                : r.data().isFashionMnist() ? Preprocess.fashionMnist()
                : Preprocess.imagenet(Architectures.get(r.arch()).inputSize());
    }

    /**
     * Loads pretrained weights into {@code net}, replacing the head when the classes differ
     * (unless strict). Returns what loading did, or null without weights.
     */
    public static String load(Network net, TrainRequest r, Data data, Pretrained.Resolved weights) {
        if (weights == null) {
            return null;
        }
        boolean otherClasses = weights.spec() != null && !weights.spec().labels().isEmpty()
                && !weights.spec().labels().equals(data.labels());
        WeightLoader.HeadMode mode = r.strict() ? WeightLoader.HeadMode.STRICT
                : otherClasses ? WeightLoader.HeadMode.REPLACE : WeightLoader.HeadMode.AUTO;
        LoadReport rep = WeightLoader.load(net, weights.dict(), weights.source(), mode);
        LOG.info("weights: " + weights.source() + ": " + rep.describe());
        return rep.describe();
    }
}
