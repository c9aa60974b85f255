package dev.graft.bench;

import ai.djl.ndarray.NDManager;
import dev.graft.Graft;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.io.Hashing;
import dev.graft.model.HeadSpec;
import dev.graft.model.Models;
import dev.graft.model.Network;
import dev.graft.run.RunDir;
import dev.graft.run.RunInfo;
import dev.graft.run.Versions;
import dev.graft.serve.Classifier;
import dev.graft.weights.Safetensors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How a {@link Classifier} serves: single-image latency and throughput with several concurrent
 * callers, and resident memory over a long run of predictions. The model is a run folder of
 * random weights (the speed of a network does not depend on its weights), and every request is a
 * 320×240 photo-sized image, so decoding aside, each call does what a real request does: resize,
 * crop, normalise, one forward pass, softmax, top-k.
 */
public final class ServeBench {
    private ServeBench() {}

    /**
     * One concurrency level.
     *
     * @param arch the architecture
     * @param size the input size
     * @param callers threads calling {@link Classifier#predict(BufferedImage)} at once
     * @param requests calls timed, over all callers
     * @param p50Ms median latency of one call
     * @param p99Ms 99th-percentile latency of one call
     * @param imagesPerSecond calls completed per second of wall time
     */
    public record Latency(String arch, int size, int callers, int requests, double p50Ms, double p99Ms,
            double imagesPerSecond) {}

    /**
     * Resident memory after a number of predictions, after a full GC.
     *
     * @param predictions predictions made so far
     * @param rssMb the process's resident set, MB
     * @param heapMb Java heap in use, MB
     */
    public record Sample(long predictions, long rssMb, long heapMb) {}

    /**
     * Writes a run folder of random weights that a {@link Classifier} loads like a trained run.
     *
     * @param arch the architecture
     * @param size the input size (ImageNet preprocessing at this size)
     * @param classes output classes
     * @param dir a new or empty folder (the files it writes are replaced)
     * @return the folder
     */
    public static Path writeRun(String arch, int size, int classes, Path dir) {
        RunDir run;
        try {
            run = new RunDir(Files.createDirectories(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            labels.add("class" + i);
        }
        try (NDManager m = Engines.newManager()) {
            Network net = Models.build(arch, classes, HeadSpec.LINEAR, m, 1);
            Safetensors.write(net.stateDict(), run.model());
            run.writeInfo(new RunInfo(Graft.RUN_FORMAT, Instant.now().toString(), Versions.current(), arch,
                    HeadSpec.LINEAR, null, labels, Preprocess.imagenet(size), "scratch",
                    Map.of("weights", "random, for graft bench --serve"), 1, null, Map.of(),
                    new RunInfo.FileRef(RunDir.MODEL, Hashing.sha256(run.model()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Measures each concurrency level in turn, after {@code warmup} untimed calls.
     *
     * @param c the classifier
     * @param callerCounts concurrent callers per level, such as 1, 2, 8
     * @param requests timed calls per level, spread over its callers
     * @param warmup untimed calls first
     * @return one result per level
     */
    public static List<Latency> latency(Classifier c, String arch, int size, int[] callerCounts, int requests,
            int warmup) {
        BufferedImage img = photo(1);
        for (int i = 0; i < warmup; i++) {
            c.predict(img);
        }
        List<Latency> out = new ArrayList<>();
        for (int callers : callerCounts) {
            out.add(level(c, arch, size, callers, Math.max(callers, requests), img));
        }
        return out;
    }

    private static Latency level(Classifier c, String arch, int size, int callers, int requests, BufferedImage img) {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<double[]>> futures = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                int mine = requests / callers + (t < requests % callers ? 1 : 0);
                futures.add(pool.submit(() -> {
                    start.await();
                    double[] ms = new double[mine];
                    for (int i = 0; i < mine; i++) {
                        long t0 = System.nanoTime();
                        c.predict(img);
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                    return ms;
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            double[] all = new double[0];
            for (Future<double[]> f : futures) {
                double[] ms = f.get();
                int n = all.length;
                all = Arrays.copyOf(all, n + ms.length);
                System.arraycopy(ms, 0, all, n, ms.length);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            Arrays.sort(all);
            return new Latency(arch, size, callers, all.length, percentile(all, 0.50), percentile(all, 0.99),
                    all.length / wall);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a caller failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Makes {@code predictions} single-image predictions, each of a different image, and samples
     * resident memory (after a full GC) {@code samples} times along the way.
     *
     * @param c the classifier
     * @param predictions predictions to make
     * @param samples memory samples to take, the first after the first tenth
     * @return the samples, in order
     */
    public static List<Sample> soak(Classifier c, long predictions, int samples) {
        BufferedImage[] images = new BufferedImage[8];
        for (int i = 0; i < images.length; i++) {
            images[i] = photo(i + 2);
        }
        List<Sample> out = new ArrayList<>();
        long every = Math.max(1, predictions / samples);
        for (long i = 1; i <= predictions; i++) {
            c.predict(images[(int) (i % images.length)]);
            if (i % every == 0 || i == predictions) {
                System.gc();
                Runtime rt = Runtime.getRuntime();
                out.add(new Sample(i, MemorySoak.rssMb(), (rt.totalMemory() - rt.freeMemory()) >> 20));
            }
        }
        return out;
    }

    /**
     * RSS growth per 10,000 predictions over the second half of the samples (the first half holds
     * the allocator's warm-up), by least squares; NaN with fewer than four samples.
     *
     * @param samples the soak's samples
     * @return MB per 10,000 predictions
     */
    public static double lateGrowthMbPer10k(List<Sample> samples) {
        double[] x = new double[samples.size()];
        double[] y = new double[samples.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = samples.get(i).predictions() / 10_000.0;
            y[i] = samples.get(i).rssMb();
        }
        return MemorySoak.lateSlope(x, y);
    }

    private static double percentile(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** A 320×240 RGB image of seeded noise. */
    private static BufferedImage photo(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                img.setRGB(x, y, rng.nextInt(1 << 24));
            }
        }
        return img;
    }
}
