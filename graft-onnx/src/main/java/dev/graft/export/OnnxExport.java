package dev.graft.export;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.graft.Graft;
import dev.graft.TrainedModel;
import dev.graft.check.Checks;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.export.onnx.OnnxGraph;
import dev.graft.export.onnx.OnnxModel;
import dev.graft.export.onnx.PixelPreprocessing;
import dev.graft.export.trace.Tracer;
import dev.graft.job.LoadedRun;
import dev.graft.job.Trusted;
import dev.graft.model.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Exports a run (or a network) to ONNX and proves the file before reporting success: it loads the
 * file in ONNX Runtime, runs it and Graft on the same images, and keeps the file only when every
 * output agrees within the tolerance. Otherwise the file is deleted and an
 * {@link ExportCheckException} names the worst output and by how much.
 *
 * <pre>{@code
 * try (TrainedModel model = Graft.load(Path.of("runs/flowers"))) {
 *     ExportResult r = OnnxExport.builder().setModel(model).setOutput(Path.of("flowers.onnx"))
 *             .optWithPreprocessing(true).build().run();
 * }
 * }</pre>
 *
 * <p>A run folder works as well as a model: {@code setRun(Path.of("runs/flowers"))}.
 *
 * <p>Exporting a {@link #builder()}{@code .setNetwork(...)} borrows that network: its parameters
 * are lent to the tracer for one forward pass and put back, so do not run it from another thread
 * meanwhile.
 */
public final class OnnxExport {
    /** The default largest relative error the check accepts. */
    public static final double DEFAULT_TOLERANCE = 1e-4;
    /** The default opset. */
    public static final int DEFAULT_OPSET = OnnxModel.MIN_OPSET;
    /** The default number of check images taken from a run's validation set. */
    public static final int DEFAULT_CHECK_COUNT = 16;

    private final Builder b;

    private OnnxExport(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Writes, checks and keeps (or deletes) the file. */
    public ExportResult run() {
        Engines.start(b.threads);
        LoadedRun run = b.run == null ? null : LoadedRun.open(b.run, b.threads, new Trusted(b.base, b.torchscript));
        try (NDManager manager = Engines.newManager()) {
            ExportSubject subject = run != null
                    ? new ExportSubject(run.net(), run.info().preprocess(), run.info().labels(), b.run.toString(), run)
                    : new ExportSubject(b.net, b.preprocess, b.labels != null ? b.labels
                            : Metadata.defaultLabels(b.net.numClasses()), b.net.arch(), null);
            return export(subject, manager);
        } finally {
            if (run != null) {
                run.close();
            }
        }
    }

    private ExportResult export(ExportSubject subject, NDManager manager) {
        Network net = subject.net();
        Preprocess pre = subject.preprocess();
        float temperature = b.temperature != null ? b.temperature : subject.temperature();
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        List<CheckImage> images = new ArrayList<>();
        String checkedOn = checkImages(subject, images);
        if (b.withPreprocessing) {
            images.addAll(CheckImages.resizePaths(pre, 11));
            checkedOn += ", and 4 synthetic images of other sizes for the in-graph resize";
        }
        OnnxMl.ModelProto model = model(subject, temperature, manager);
        Path partial = b.output.resolveSibling(b.output.getFileName() + ".partial");
        try {
            OnnxModel.write(model, partial);
            b.afterWrite.accept(partial);
            ParityCheck.Report report = ParityCheck.run(partial, net, pre, images, b.withPreprocessing, temperature,
                    b.threads, manager);
            if (!(report.worst().error() <= b.tolerance)) {
                throw new ExportCheckException(report.worst(), b.tolerance, images.size());
            }
            Files.move(partial, b.output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Map<String, String> meta = new java.util.LinkedHashMap<>();
            model.getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
            return new ExportResult(b.output, Files.size(b.output), net.arch(), b.opset, b.withPreprocessing,
                    report.maxError(), b.tolerance, images.size(), checkedOn, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + b.output + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // the rename moved it, or nothing was written
            }
        }
    }

    private OnnxMl.ModelProto model(ExportSubject subject, float temperature, NDManager manager) {
        Network net = subject.net();
        int s = subject.preprocess().size();
        long classes = net.numClasses();
        OnnxGraph g = new OnnxGraph(net.arch(), b.opset);
        String input;
        if (b.withPreprocessing) {
            g.input("pixels", DataType.UINT8, "N", "H", "W", 3L);
            input = PixelPreprocessing.add(g, "pixels", subject.preprocess());
        } else {
            g.input("input", DataType.FLOAT, "N", 3L, (long) s, (long) s);
            input = "input";
        }
        String logits = g.identity(Tracer.trace(net, g, input, s, s, manager), "logits");
        g.output(logits, DataType.FLOAT, "N", classes);
        if (b.withPreprocessing) {
            String scaled = temperature == 1f ? logits
                    : g.node("Div", List.of(logits, g.scalar(temperature)));
            g.identity(g.node("Softmax", List.of(scaled), dev.graft.export.onnx.Attr.i("axis", 1)), "probabilities");
            g.output("probabilities", DataType.FLOAT, "N", classes);
        }
        String doc = "Graft " + net.arch() + " exported from " + subject.description()
                + "; see the graft.* metadata for labels, input and preprocessing";
        OnnxMl.ModelProto model = OnnxModel.build(g, Graft.VERSION, doc,
                Metadata.of(subject, b.withPreprocessing, temperature));
        if (model.getSerializedSize() < 0) { // protobuf's 2 GB limit shows as an int overflow
            throw new ExportException(net.arch() + " is too large for one ONNX file (2 GB limit)");
        }
        return model;
    }

    /** Fills {@code out} and says what the images are. */
    private String checkImages(ExportSubject subject, List<CheckImage> out) {
        if (b.checkFiles != null) {
            out.addAll(CheckImages.files(b.checkFiles));
            return out.size() + " given image file(s)";
        }
        String[] why = new String[1];
        ImageSource val = b.checkSource != null ? b.checkSource : subject.validation(why);
        if (val != null && val.size() > 0) {
            out.addAll(CheckImages.spread(val, b.checkCount));
            if (!out.isEmpty()) {
                return out.size() + (b.checkSource != null ? " of the given " : " of the run's ") + val.size()
                        + (b.checkSource != null ? " images" : " validation images");
            }
        }
        int r = subject.preprocess().resize();
        out.addAll(CheckImages.synthetic(b.checkCount, r, r, 5));
        return out.size() + " synthetic images (" + (why[0] == null ? "the run has no validation images" : why[0])
                + ")";
    }

    /** Configures an export: {@code set} what is required, {@code opt} what has a default. */
    public static final class Builder {
        private Path run;
        private String base;
        private Path torchscript;
        private Network net;
        private Preprocess preprocess;
        private List<String> labels;
        private Path output;
        private boolean withPreprocessing;
        private int opset = DEFAULT_OPSET;
        private List<Path> checkFiles;
        private ImageSource checkSource;
        private int checkCount = DEFAULT_CHECK_COUNT;
        private double tolerance = DEFAULT_TOLERANCE;
        private Float temperature;
        private int threads = 1;
        private Consumer<Path> afterWrite = p -> { };

        private Builder() {}

        /**
         * The run folder to export (its model, labels, preprocessing, temperature and validation
         * images). The folder is untrusted like any other: a parameter-efficient run whose base is
         * a local file needs {@link #optBaseWeights}.
         *
         * @param run a run folder written by {@code graft train} or {@link TrainedModel#save}
         * @return this builder
         */
        public Builder setRun(Path run) {
            this.run = run;
            return this;
        }

        /**
         * The model to export, trained or loaded in this program: its run folder, with the files
         * its training or loading named (base weights, TorchScript program). A temporary model
         * (trained without {@code optOut}) must stay open until {@link OnnxExport#run} returns.
         *
         * @param model an open model
         * @return this builder
         */
        public Builder setModel(TrainedModel model) {
            this.run = model.runDir();
            this.base = model.trusted().base();
            this.torchscript = model.trusted().torchscript();
            return this;
        }

        /** Instead of a run: a network with its weights loaded, and the preprocessing it expects. */
        public Builder setNetwork(Network net, Preprocess preprocess) {
            this.net = net;
            this.preprocess = preprocess;
            return this;
        }

        /** The file to write, such as {@code model.onnx}. */
        public Builder setOutput(Path output) {
            this.output = output;
            return this;
        }

        /**
         * For a parameter-efficient run: its base weights, when not a registry tag or hub file as
         * graft.json records them; checked by sha256.
         *
         * @param baseWeights a file, URL or registry tag; default null: as the run recorded
         * @return this builder
         */
        public Builder optBaseWeights(String baseWeights) {
            this.base = baseWeights;
            return this;
        }

        /**
         * Same as {@link #optBaseWeights}.
         *
         * @param base the base weights
         * @return this builder
         * @deprecated the setting is called {@code baseWeights} everywhere else
         */
        @Deprecated
        public Builder optBase(String base) {
            return optBaseWeights(base);
        }

        /** Class names for {@link #setNetwork}; default "0", "1", …. */
        public Builder optLabels(List<String> labels) {
            this.labels = List.copyOf(labels);
            return this;
        }

        /** Put the preprocessing in the graph: uint8 [N, H, W, 3] pixels in, probabilities out too. Default false. */
        public Builder optWithPreprocessing(boolean withPreprocessing) {
            this.withPreprocessing = withPreprocessing;
            return this;
        }

        /** The ai.onnx opset, 17 to 21; default 17. */
        public Builder optOpset(int opset) {
            OnnxModel.irVersion(opset); // validates
            this.opset = opset;
            return this;
        }

        /** Check on these image files instead of the run's validation images. */
        public Builder optCheckImages(List<Path> files) {
            this.checkFiles = List.copyOf(files);
            return this;
        }

        /**
         * Check on images from this source (spread evenly over it, {@link #optCheckCount} of them),
         * such as the validation set of a model trained in the same program.
         */
        public Builder optCheckSource(ImageSource source) {
            this.checkSource = source;
            return this;
        }

        /** How many validation (or synthetic) images the check runs; default 16. */
        public Builder optCheckCount(int count) {
            this.checkCount = Checks.atLeast("checkCount", count, 1);
            return this;
        }

        /** The largest relative error the check accepts; default 1e-4. */
        public Builder optTolerance(double tolerance) {
            this.tolerance = Checks.positive("tolerance", tolerance);
            return this;
        }

        /** The softmax temperature of the probabilities output; default the run's, else 1. */
        public Builder optTemperature(float temperature) {
            this.temperature = temperature;
            return this;
        }

        /** libtorch and ONNX Runtime threads; default 1. */
        public Builder optThreads(int threads) {
            this.threads = Math.max(1, threads);
            return this;
        }

        /**
         * Runs after the file is written and before it is checked, with the file's path. Tests use
         * it to damage the file and watch the check refuse it.
         */
        public Builder optAfterWrite(Consumer<Path> hook) {
            this.afterWrite = hook;
            return this;
        }

        public OnnxExport build() {
            if ((run == null) == (net == null)) {
                throw new IllegalArgumentException("give exactly one of `run` (or a model) and `network`");
            }
            if (net != null && preprocess == null) {
                throw new IllegalArgumentException("setNetwork needs the preprocessing the network expects");
            }
            if (output == null) {
                throw new IllegalArgumentException("give the output file as `output`");
            }
            if (labels != null && net != null && labels.size() != net.numClasses()) {
                throw new IllegalArgumentException(labels.size() + " labels for a network with " + net.numClasses()
                        + " classes");
            }
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new IllegalArgumentException("output " + output + ": folder " + parent + " does not exist");
            }
            return new OnnxExport(this);
        }
    }
}
