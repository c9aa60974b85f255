package dev.graft.pretrain.ssl;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.graft.data.Data;
import dev.graft.data.Datasets;
import dev.graft.data.Preprocess;
import dev.graft.data.Splits;
import dev.graft.data.Subset;
import dev.graft.engine.Engines;
import dev.graft.model.Architectures;
import dev.graft.model.ClassifierHead;
import dev.graft.model.HeadSpec;
import dev.graft.model.LoadReport;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.model.WeightLoader;
import dev.graft.pretrain.synthetic.SyntheticData;
import dev.graft.pretrain.synthetic.SyntheticSpec;
import dev.graft.run.RunDir;
import dev.graft.run.RunException;
import dev.graft.run.RunInfo;
import dev.graft.run.Versions;
import dev.graft.weights.AtomicFiles;
import dev.graft.weights.Hashing;
import dev.graft.weights.Safetensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code graft pretrain --ssl simclr}: SimCLR on unlabeled images, written as an ordinary run
 * folder whose {@code model.safetensors} any {@code --weights} accepts. The saved head is the
 * monitors' linear probe when the data has labels (so the file is a working classifier of them);
 * transfer replaces it anyway. {@link #resume} continues an interrupted run from its checkpoint.
 */
public final class SslJob {
    static final String REQUEST = "ssl-request.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();
    /** Held-out images per class the monitors score. */
    static final int MONITOR_QUERIES_PER_CLASS = 100;

    private SslJob() {}

    /** What a finished run did. */
    public record Summary(RunDir run, List<SimClr.EpochLog> epochs, RunInfo info) {}

    /** Starts a new run in {@code r.out()}. */
    public static Summary run(SslRequest r, SimClr.Listener listener, Consumer<String> log) {
        Engines.start(r.threads());
        RunDir run = RunDir.create(Path.of(r.out()), r.force());
        AtomicFiles.writeString(run.dir().resolve(REQUEST), GSON.toJson(r));
        return train(r, run, listener, log);
    }

    /** Continues the interrupted run in {@code dir} with the settings it started with. */
    public static Summary resume(Path dir, SimClr.Listener listener, Consumer<String> log) {
        Path req = dir.resolve(REQUEST);
        RunDir run = new RunDir(dir);
        if (!Files.isRegularFile(req) || !Files.isRegularFile(run.checkpoint())) {
            throw new RunException(dir + ": no " + REQUEST + " and " + RunDir.CHECKPOINT
                    + "; this is not an interrupted graft pretrain --ssl run (a finished run has no checkpoint)");
        }
        SslRequest r;
        try {
            r = GSON.fromJson(Files.readString(req), SslRequest.class);
        } catch (IOException | com.google.gson.JsonParseException e) {
            throw new RunException(req + ": unreadable (" + e.getMessage() + "); the run folder is damaged");
        }
        Engines.start(r.threads());
        log.accept("resuming " + dir + " from its checkpoint");
        return train(r, run, listener, log);
    }

    private static Summary train(SslRequest r, RunDir run, SimClr.Listener listener, Consumer<String> log) {
        boolean synthetic = SyntheticSpec.isSynthetic(r.data().data());
        Data data = synthetic ? SyntheticData.open(r.data()) : flatFolder(r) ? unlabeled(r) : Datasets.open(r.data());
        log.accept("data: " + data.description() + " (labels used only by the monitors)");
        Pretrained.Resolved weights = r.weights() == null ? null : Pretrained.resolve(r.weights());
        Preprocess pre = synthetic || r.data().isFashionMnist() ? Preprocess.fashionMnist()
                : weights != null && weights.spec() != null ? weights.spec().preprocess()
                : Preprocess.imagenet(Architectures.get(r.arch()).inputSize());
        SslConfig c = r.ssl();
        long t0 = System.nanoTime();
        try (NDManager manager = Engines.newManager()) {
            Network net = Architectures.get(r.arch()).create(data.labels().size());
            net.replaceHead(new ClassifierHead(net.featureDim(), data.labels().size(), HeadSpec.LINEAR));
            net.materialize(manager, c.seed());
            String loaded = null;
            if (weights != null) {
                LoadReport rep = WeightLoader.load(net, weights.dict(), weights.source(), WeightLoader.HeadMode.REPLACE);
                loaded = rep.describe();
                log.accept("weights: " + weights.source() + ": " + loaded);
            }
            Projector proj = new Projector(net.featureDim(), c.projHidden(), c.projDim());
            proj.materialize(manager, c.seed() + 1);
            Monitor monitor = c.monitorPerClass() <= 0 || data.val().size() == 0 ? null
                    : new Monitor(new Subset(data.train(), Splits.limit(data.train(), c.monitorPerClass(), c.seed())),
                            new Subset(data.val(), Splits.limit(data.val(), MONITOR_QUERIES_PER_CLASS, c.seed())), pre,
                            r.threads());
            log.accept("simclr: " + data.train().size() + " images, batch " + c.batchSize() + " (two views each), "
                    + c.epochs() + " epochs, temperature " + c.temperature() + ", views: " + c.augment().describe());
            SimClr trainer = new SimClr(net, proj, c, pre, monitor, r.threads(), r.checkpointEvery());
            List<SimClr.EpochLog> epochs = trainer.fit(data.train(), run.checkpoint(), new SimClr.Listener() {
                @Override
                public void onStep(long step, long total, double loss) {
                    listener.onStep(step, total, loss);
                }

                @Override
                public void onEpoch(SimClr.EpochLog e) {
                    appendMetrics(run, e);
                    listener.onEpoch(e);
                }

                @Override
                public boolean stopRequested() {
                    return listener.stopRequested();
                }
            });
            boolean finished = !epochs.isEmpty() && epochs.get(epochs.size() - 1).epoch() == c.epochs();
            if (!finished) {
                throw new RunException(run.dir() + ": stopped before the last epoch; continue with graft pretrain "
                        + "--resume " + run.dir());
            }
            if (monitor != null && monitor.lastProbe() != null) {
                LinearProbe p = monitor.lastProbe();
                float[] w = new float[p.weight().length * p.weight()[0].length];
                for (int k = 0; k < p.weight().length; k++) {
                    System.arraycopy(p.weight()[k], 0, w, k * p.weight()[k].length, p.weight()[k].length);
                }
                net.namedParams().get(net.headPath() + ".weight").array().set(w);
                net.namedParams().get(net.headPath() + ".bias").array().set(p.bias());
            }
            Safetensors.write(net.stateDict(), run.model());
            SimClr.EpochLog last = epochs.get(epochs.size() - 1);
            RunInfo info = info(r, data, pre, weights, loaded, last, (System.nanoTime() - t0) / 1e9, run.model());
            run.writeInfo(info);
            Files.deleteIfExists(run.checkpoint());
            return new Summary(run, epochs, info);
        } catch (IOException e) {
            throw new RunException(run.dir() + ": " + e.getMessage());
        }
    }

    private static boolean flatFolder(SslRequest r) {
        return !r.data().isFashionMnist() && Files.isDirectory(Path.of(r.data().data()))
                && UnlabeledFolder.isFlat(Path.of(r.data().data()));
    }

    /** A folder without class subfolders: all of it trains, nothing is left to monitor with. */
    private static Data unlabeled(SslRequest r) {
        UnlabeledFolder all = UnlabeledFolder.open(Path.of(r.data().data()));
        return new Data(all, new Subset(all, new int[0]), null, all.labels(), r.data().data() + ": " + all.size()
                + " unlabeled images (no class subfolders, so no monitors)", List.of());
    }

    private static RunInfo info(SslRequest r, Data data, Preprocess pre, Pretrained.Resolved weights, String loaded,
            SimClr.EpochLog last, double seconds, Path model) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("method", r.method());
        config.put("ssl", r.ssl().toString());
        config.put("data", r.data().toString());
        config.put("threads", Integer.toString(r.threads()));
        if (loaded != null) {
            config.put("weightsLoaded", loaded);
        }
        config.put("savedHead", Double.isNaN(last.probe()) ? "untrained: there were no labels to fit one on"
                : "the monitors' linear probe on " + r.ssl().monitorPerClass()
                + " labeled images per class (the backbone never saw labels)");
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("epochs", (double) last.epoch());
        result.put("finalLoss", last.loss());
        result.put("knnAccuracy", last.knn());
        result.put("linearProbeAccuracy", last.probe());
        result.put("seconds", seconds);
        RunInfo.Base base = weights == null ? null
                : new RunInfo.Base(weights.source(), weights.sha256(), weights.spec() == null ? null
                        : weights.spec().description());
        RunInfo.DataInfo di = new RunInfo.DataInfo(data.description(), data.train().fingerprint(),
                data.val().fingerprint(), data.train().size(), data.val().size(), data.skipped());
        return new RunInfo(1, Instant.now().toString(), Versions.current(), r.arch(), HeadSpec.LINEAR, base,
                data.labels(), pre, "ssl:" + r.method(), config, r.ssl().seed(), di, result,
                new RunInfo.FileRef(RunDir.MODEL, Hashing.sha256(model)));
    }

    private static void appendMetrics(RunDir run, SimClr.EpochLog e) {
        try {
            Files.writeString(run.metrics(), GSON.newBuilder().setPrettyPrinting().create().toJson(e)
                    .replaceAll("\\s*\\n\\s*", " ") + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException ex) {
            throw new RunException(run.metrics() + ": cannot write (" + ex.getMessage() + ")");
        }
    }
}
