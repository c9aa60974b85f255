package dev.graft.spark.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.data.FashionMnist;
import dev.graft.data.ImageDecoder;
import dev.graft.data.InMemoryImages;
import dev.graft.data.Preprocess;
import dev.graft.data.RawImage;
import dev.graft.data.Transforms;
import dev.graft.engine.Engines;
import dev.graft.model.Architectures;
import dev.graft.model.Network;
import dev.graft.model.WeightLoader;
import dev.graft.nn.Ctx;
import dev.graft.spark.GraftFeaturizer;
import dev.graft.spark.SparkJobs;
import dev.graft.spark.SparkSessions;
import dev.graft.weights.HostTensor;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import dev.graft.weights.SyntheticWeights;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Featurization throughput: the plain library in one thread, then Spark in each {@code local[N]},
 * on the same files. Each Spark row reports the session start (a fixed cost per application), the
 * first job (which also broadcasts the weights and builds one network per partition) and the best
 * of the following jobs.
 */
public final class FeaturizeBench {
    private FeaturizeBench() {}

    /**
     * What to measure.
     *
     * @param arch architecture; its synthetic weights stand in for pretrained ones of the same cost
     * @param images how many Fashion-MNIST test images to write as PNG files
     * @param masters Spark masters to compare, such as {@code local[1]} and {@code local[2]}
     * @param repeats warm jobs per master (the best is reported)
     * @param batchSize images per forward pass
     * @param dir where to write the images and weights
     */
    public record Config(String arch, int images, List<String> masters, int repeats, int batchSize, Path dir) {}

    /**
     * One measured configuration.
     *
     * @param mode {@code plain} or a Spark master
     * @param startSeconds Spark session start, or 0 for plain
     * @param firstSeconds the first featurization (Spark: with broadcast and per-partition model builds)
     * @param warmSeconds the best later featurization
     * @param warmCpuSeconds CPU time this process used in that run (all threads), which a busy
     *     machine inflates far less than wall time
     * @param images images featurized per run
     */
    public record Row(String mode, double startSeconds, double firstSeconds, double warmSeconds,
            double warmCpuSeconds, int images) {
        public double imagesPerSecond() {
            return images / warmSeconds;
        }

        public double cpuMsPerImage() {
            return 1000 * warmCpuSeconds / images;
        }
    }

    /** Wall and CPU seconds of one run. */
    record Timing(double wall, double cpu) {}

    private static Timing best(Timing a, Timing b) {
        return a == null || b.wall() < a.wall() ? b : a;
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** Times {@code work}, in wall and process CPU seconds. */
    private static Timing time(Work work) throws IOException {
        long t0 = System.nanoTime();
        double c0 = cpuSeconds();
        work.run();
        return new Timing((System.nanoTime() - t0) / 1e9, cpuSeconds() - c0);
    }

    /** A measured piece of work. */
    private interface Work {
        void run() throws IOException;
    }

    public static List<Row> run(Config c) throws IOException {
        Engines.start(1);
        Path imgDir = c.dir().resolve("images-" + c.images()); // Spark reads the whole folder
        List<Path> files = writeImages(imgDir, c.images());
        Path weights = c.dir().resolve(c.arch() + "-synthetic.safetensors");
        Network probe = Architectures.get(c.arch()).create(1);
        StateDict sd = new StateDict();
        probe.namedParams().forEach((n, p) -> sd.put(n, new HostTensor(p.shape(), SyntheticWeights.generate(n, p.shape(), 42))));
        Safetensors.write(sd, weights);
        Preprocess pre = Preprocess.imagenet(Architectures.get(c.arch()).inputSize());
        List<Row> rows = new ArrayList<>();
        Work plainRun = () -> plain(c.arch(), weights, pre, files, c.batchSize());
        Timing first = time(plainRun);
        Timing best = null;
        for (int i = 0; i < c.repeats(); i++) {
            best = best(best, time(plainRun));
        }
        rows.add(new Row("plain, 1 thread", 0, first.wall(), best.wall(), best.cpu(), files.size()));
        for (String master : c.masters()) {
            rows.add(spark(master, c, imgDir, weights, files.size()));
        }
        return rows;
    }

    /** The plain library reads, decodes, preprocesses and featurizes every file. */
    static void plain(String arch, Path weights, Preprocess p, List<Path> files, int batch) throws IOException {
        try (NDManager m = Engines.newManager()) {
            Network net = Architectures.get(arch).create(1);
            net.materialize(m, 0);
            WeightLoader.load(net, Safetensors.read(weights), weights.toString(), false);
            int plane = 3 * p.size() * p.size();
            for (int i = 0; i < files.size(); i += batch) {
                int n = Math.min(batch, files.size() - i);
                float[] x = new float[n * plane];
                for (int j = 0; j < n; j++) {
                    RawImage img = ImageDecoder.decode(Files.readAllBytes(files.get(i + j)));
                    System.arraycopy(Transforms.eval(img, p), 0, x, j * plane, plane);
                }
                try (NDManager sm = m.newSubManager()) {
                    net.features(sm.create(x, new Shape(n, 3, p.size(), p.size())), Ctx.EVAL).toFloatArray();
                }
            }
        }
    }

    private static Row spark(String master, Config c, Path imgDir, Path weights, int n) throws IOException {
        long t0 = System.nanoTime();
        SparkSession spark = SparkSessions.builder(master, "graft-bench").getOrCreate();
        spark.range(1).count();
        double start = (System.nanoTime() - t0) / 1e9;
        try {
            int parts = 2 * spark.sparkContext().defaultParallelism();
            Dataset<org.apache.spark.sql.Row> images = SparkJobs.images(spark, imgDir.toString(),
                    SparkJobs.Source.BINARY, parts).cache();
            images.count(); // reading the files is not what is measured
            GraftFeaturizer f = new GraftFeaturizer().setArch(c.arch()).setWeights(weights.toString())
                    .setBatchSize(c.batchSize());
            Timing first = time(() -> featurizeAll(f, images, n));
            Timing best = null;
            for (int i = 0; i < c.repeats(); i++) {
                best = best(best, time(() -> featurizeAll(f, images, n)));
            }
            return new Row("spark " + master + " (" + parts + " partitions)", start, first.wall(), best.wall(),
                    best.cpu(), n);
        } finally {
            spark.stop();
        }
    }

    private static void featurizeAll(GraftFeaturizer f, Dataset<org.apache.spark.sql.Row> images, int n) {
        long got = f.transform(images).where("features is not null").count();
        if (got != n) {
            throw new IllegalStateException("featurized " + got + " of " + n + " images");
        }
    }

    /** The first {@code n} Fashion-MNIST test images as grey PNG files. */
    static List<Path> writeImages(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        InMemoryImages src = FashionMnist.load(FashionMnist.defaultDir(), "t10k");
        for (int i = 0; i < Math.min(n, src.size()); i++) {
            Path f = dir.resolve(String.format("img_%05d.png", i));
            if (!Files.exists(f)) {
                RawImage img = src.image(i);
                BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_BYTE_GRAY);
                bi.getRaster().setDataElements(0, 0, img.width(), img.height(), img.pixels());
                ImageIO.write(bi, "png", f.toFile());
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().limit(n).toList();
        }
    }

    /** A table of the rows, one per line. */
    public static String format(Config c, List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("featurize %d Fashion-MNIST PNGs with %s (synthetic weights), batch %d, %d cores%n",
                rows.get(0).images(), c.arch(), c.batchSize(), Runtime.getRuntime().availableProcessors()));
        sb.append(String.format("%-32s %9s %9s %9s %10s %12s%n", "mode", "start s", "first s", "warm s", "images/s",
                "CPU ms/img"));
        for (Row r : rows) {
            sb.append(String.format("%-32s %9.2f %9.2f %9.2f %10.1f %12.2f%n", r.mode(), r.startSeconds(),
                    r.firstSeconds(), r.warmSeconds(), r.imagesPerSecond(), r.cpuMsPerImage()));
        }
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        sb.append(String.format("system load average at the end: %.1f%n", load));
        return sb.toString();
    }
}
