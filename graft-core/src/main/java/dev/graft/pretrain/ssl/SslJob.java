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
import com.google.gson.JsonObject;
import dev.graft.Graft;
import dev.graft.run.OutputFolder;
import dev.graft.model.PretrainedSpecs;
import dev.graft.run.RunDir;
import dev.graft.run.RunException;
import dev.graft.run.RunInfo;
import dev.graft.run.Versions;
import dev.graft.io.AtomicFiles;
import dev.graft.io.Hashing;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code graft pretrain --ssl simclr}: SimCLR on unlabeled images, written as an ordinary run
 * folder whose {@code model.safetensors} any {@code --weights} accepts. The saved head is the
 * monitors' linear probe when the data has labels (so the file is a working classifier of them);
 * transfer replaces it anyway. {@link #resume} continues an interrupted run from its checkpoint.
 */
public final class SslJob {
    private static final Logger LOG = LoggerFactory.getLogger(SslJob.class);

    static final String REQUEST = RunDir.SSL_REQUEST;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();
    /** Held-out images per class the monitors score. */
    static final int MONITOR_QUERIES_PER_CLASS = 100;

    private SslJob() {}

    /** What a finished run did. */
    public record Summary(RunDir run, List<SimClr.EpochLog> epochs, RunInfo info) {}

    /** Starts a new run in {@code r.out()}. */
    public static Summary run(SslRequest r, SimClr.Listener listener) {
        Engines.start(r.threads());
        Pretrained.Resolved weights = r.weights() == null ? null : Pretrained.resolve(r.weights());
        Map<String, Path> inputs = new LinkedHashMap<>();
        if (!SyntheticSpec.isSynthetic(r.data().data()) && !r.data().isFashionMnist()) {
            inputs.put("`data`", Path.of(r.data().data()));
        }
        if (r.weights() != null && Files.exists(Path.of(r.weights()))) {
            inputs.put("`weights`", Path.of(r.weights()));
        }
        OutputFolder folder = OutputFolder.prepare(Path.of(r.out()), r.force(), RunDir.KIND, inputs);
        RunDir run = new RunDir(folder.dir());
        JsonObject json = GSON.toJsonTree(r).getAsJsonObject();
        json.addProperty("format", Graft.RUN_FORMAT);
        if (weights != null) {
            json.addProperty("weightsSource", weights.source());
            json.addProperty("weightsSha256", weights.sha256());
        }
        AtomicFiles.writeString(run.dir().resolve(REQUEST), GSON.toJson(json));
        RunInfo.Base base = weights == null ? null : new RunInfo.Base(weights.source(), weights.sha256(),
                weights.spec() == null ? null : weights.spec().description());
        return train(r, folder, run, weights, base, listener);
    }

    /** Continues the interrupted run in {@code dir} with the settings it started with. */
    public static Summary resume(Path dir, SimClr.Listener listener) {
        OutputFolder folder = OutputFolder.resume(dir, RunDir.KIND,
                d -> Files.isRegularFile(d.resolve(REQUEST)) && Files.isRegularFile(d.resolve(RunDir.CHECKPOINT)));
        Path req = folder.dir().resolve(REQUEST);
        RunDir run = new RunDir(folder.dir());
        if (!Files.isRegularFile(req) || !Files.isRegularFile(run.checkpoint())) {
            throw new RunException(dir + ": no " + REQUEST + " and " + RunDir.CHECKPOINT
                    + "; this is not an interrupted self-supervised (`ssl`) run (a finished run has no checkpoint)");
        }
        SslRequest r;
        JsonObject json;
        try {
            if (Files.size(req) > (64L << 20)) {
                throw new RunException(req + ": far too large for a pretraining request; the run folder is damaged");
            }
            json = GSON.fromJson(Files.readString(req), JsonObject.class);
            r = RunDir.fromJson(GSON, json, SslRequest.class, req);
        } catch (IOException | com.google.gson.JsonParseException | IllegalStateException e) {
            throw new RunException(req + ": unreadable (" + e.getMessage() + "); the run folder is damaged");
        }
        // the request is untrusted metadata: a built-in architecture only, and the starting weights are
        // not opened again (the checkpoint holds every weight); provenance keeps what was recorded
        Architectures.registered(r.arch(), req.toString());
        RunInfo.Base base = r.weights() == null ? null : new RunInfo.Base(
                json.has("weightsSource") ? json.get("weightsSource").getAsString() : r.weights(),
                json.has("weightsSha256") ? json.get("weightsSha256").getAsString() : null, null);
        Engines.start(r.threads());
        LOG.info("resuming " + folder.dir() + " from its checkpoint");
        return train(r, folder, run, null, base, listener);
    }

    private static Summary train(SslRequest r, OutputFolder folder, RunDir run, Pretrained.Resolved weights,
            RunInfo.Base base, SimClr.Listener listener) {
        boolean synthetic = SyntheticSpec.isSynthetic(r.data().data());
        Data data = synthetic ? SyntheticData.open(r.data()) : flatFolder(r) ? unlabeled(r) : Datasets.open(r.data());
        LOG.info("data: " + data.description() + " (labels used only by the monitors)");
        Preprocess pre = synthetic || r.data().isFashionMnist() ? Preprocess.fashionMnist()
                : weights != null && weights.spec() != null ? weights.spec().preprocess()
                : r.weights() != null && PretrainedSpecs.find(r.weights()).isPresent()
                        ? PretrainedSpecs.find(r.weights()).get().preprocess()
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
                LOG.info("weights: " + weights.source() + ": " + loaded);
            }
            Projector proj = new Projector(net.featureDim(), c.projHidden(), c.projDim());
            proj.materialize(manager, c.seed() + 1);
            Monitor monitor = c.monitorPerClass() <= 0 || data.val().size() == 0 ? null
                    : new Monitor(new Subset(data.train(), Splits.limit(data.train(), c.monitorPerClass(), c.seed())),
                            new Subset(data.val(), Splits.limit(data.val(), MONITOR_QUERIES_PER_CLASS, c.seed())), pre,
                            r.threads());
            LOG.info("simclr: " + data.train().size() + " images, batch " + c.batchSize() + " (two views each), "
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
                        + "`resume` " + run.dir());
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
            RunInfo info = info(r, data, pre, base, loaded, last, (System.nanoTime() - t0) / 1e9, run.model());
            run.writeInfo(info);
            Files.deleteIfExists(run.checkpoint());
            folder.commit();
            return new Summary(new RunDir(folder.out()), epochs, info);
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

    private static RunInfo info(SslRequest r, Data data, Preprocess pre, RunInfo.Base base, String loaded,
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
