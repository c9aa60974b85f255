package dev.graft.studio.results;

import dev.graft.data.DataException;
import dev.graft.eval.Scored;
import dev.graft.run.RunDir;
import dev.graft.serve.Classifier;
import dev.graft.studio.StudioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Try it": a run's top labels for one image, from the library's serving {@link Classifier}. The
 * last two runs tried stay loaded, so trying a second image costs one forward pass; a run trained
 * further since (resumed) is reloaded.
 */
public final class Predictor {
    /** Labels shown per image. */
    public static final int TOP = 3;
    private static final int KEEP = 2;
    private final int threads;
    private final Map<String, Loaded> loaded = new LinkedHashMap<>(4, 0.75f, true);

    private record Loaded(Classifier classifier, long stamp) {}

    public Predictor(int threads) {
        this.threads = threads;
    }

    /**
     * The most probable labels of an image.
     *
     * @param r a run with a model
     * @param image a checked image file
     * @return up to {@link #TOP} labels with probabilities, most probable first
     */
    public List<Scored> top(RunFolder r, Path image) {
        Classifier c = load(r);
        try {
            return c.predict(image).top(); // the classifier admits one forward pass at a time
        } catch (DataException e) {
            throw StudioException.badInput("cannot read the image (" + e.getMessage() + ")");
        } catch (IllegalStateException closed) {
            // forgotten (resumed or deleted) between load and predict: the next try reloads it
            throw StudioException.conflict("the run changed while predicting; try again");
        }
    }

    /**
     * Where the run's network looked for its top label: the library's Grad-CAM overlay of the
     * image (the heat map over the image the network saw, label and probability in the title).
     *
     * @param r a run with a model
     * @param image a checked image file
     * @return the overlay, a PNG
     */
    public byte[] explain(RunFolder r, Path image) {
        Classifier c = load(r);
        try {
            return c.explain(image).overlayPng();
        } catch (DataException e) {
            throw StudioException.badInput("cannot read the image (" + e.getMessage() + ")");
        } catch (IllegalStateException closed) {
            throw StudioException.conflict("the run changed while explaining; try again");
        }
    }

    private synchronized Classifier load(RunFolder r) {
        String key = r.model().toAbsolutePath().toString();
        long stamp = stamp(r);
        Loaded l = loaded.get(key);
        if (l != null && l.stamp() == stamp) {
            return l.classifier();
        }
        if (l != null) {
            close(loaded.remove(key));
        }
        Classifier run = Classifier.builder().setRun(r.model()).optTopK(TOP).optThreads(threads)
                .optBaseWeights(baseWeights(r)).build();
        loaded.put(key, new Loaded(run, stamp));
        while (loaded.size() > KEEP) {
            String eldest = loaded.keySet().iterator().next();
            close(loaded.remove(eldest));
        }
        return run;
    }

    /** Forgets a run (before it is deleted or trained further). */
    public synchronized void forget(RunFolder r) {
        Loaded l = loaded.remove(r.model().toAbsolutePath().toString());
        if (l != null) {
            close(l);
        }
    }

    public synchronized void close() {
        loaded.values().forEach(Predictor::close);
        loaded.clear();
    }

    private static void close(Loaded l) {
        l.classifier().close(); // waits for a forward pass in flight
    }

    /** A LoRA, BitFit or adapter run started from a weights file needs that file named to load. */
    private static String baseWeights(RunFolder r) {
        return TrainTask.trusted(StudioMeta.read(r).settings()).base();
    }

    private static long stamp(RunFolder r) {
        try {
            return Files.getLastModifiedTime(r.model().resolve(RunDir.INFO)).toMillis();
        } catch (IOException e) {
            throw StudioException.conflict("run '" + r.id() + "' has no saved model");
        }
    }
}
