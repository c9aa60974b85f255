package dev.graft.bench.cli;

import dev.graft.bench.ServeBench;
import dev.graft.cli.CommonOptions;
import dev.graft.cli.Printing;
import dev.graft.serve.Classifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code graft bench --serve}: a {@link Classifier}'s latency and throughput per caller count, and its memory over a soak. */
final class ServeBenchOptions {
    @Option(names = "--serve", description = "Benchmark serving instead: single-image latency (p50, p99) and "
            + "throughput of a Classifier with --callers concurrent callers, for each of --serve-models.")
    boolean enabled;

    @Option(names = "--serve-models", defaultValue = "resnet18_small,resnet18", split = ",", paramLabel = "ARCH",
            description = "--serve: architectures to serve, with random weights, at --size (default ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--callers", defaultValue = "1,2,8", split = ",", paramLabel = "N",
            description = "--serve: concurrent callers per measurement (default ${DEFAULT-VALUE}).")
    List<Integer> callers;

    @Option(names = "--requests", defaultValue = "200", paramLabel = "N",
            description = "--serve: timed calls per measurement, over all its callers (default ${DEFAULT-VALUE}).")
    int requests;

    // no defaultValue: BenchDefaults answers with the library's Classifier.DEFAULT_MAX_CONCURRENT
    @Option(names = "--max-concurrent", paramLabel = "N",
            description = "--serve: forward passes the Classifier runs at once (default ${DEFAULT-VALUE}: a lock).")
    int maxConcurrent;

    @Option(names = "--soak", defaultValue = "0", paramLabel = "N",
            description = "--serve: then make N predictions with the first model and print RSS along the way "
                    + "(default off).")
    long soak;

    void run(int size, CommonOptions common) {
        List<Object> results = new ArrayList<>();
        int[] counts = callers.stream().mapToInt(Integer::intValue).toArray();
        Path tmp;
        try {
            tmp = Files.createTempDirectory("graft-bench-serve");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("Classifier.predict(BufferedImage 320x240) at %dx%d, random weights, %d libtorch thread(s), "
                + "%d forward pass(es) at once%n", size, size, common.effectiveThreads(), maxConcurrent);
        System.out.printf("%-16s %7s %8s %9s %9s %10s%n", "model", "callers", "requests", "p50 ms", "p99 ms",
                "images/s");
        for (int m = 0; m < models.size(); m++) {
            String arch = models.get(m);
            Path run = ServeBench.writeRun(arch, size, 10, tmp.resolve(arch));
            try (Classifier c = Classifier.builder().setRun(run).optThreads(common.effectiveThreads())
                    .optMaxConcurrent(maxConcurrent).build()) {
                for (ServeBench.Latency l : ServeBench.latency(c, arch, size, counts, requests, 10)) {
                    results.add(l);
                    System.out.printf("%-16s %7d %8d %9.2f %9.2f %10.1f%n", l.arch(), l.callers(), l.requests(),
                            l.p50Ms(), l.p99Ms(), l.imagesPerSecond());
                }
                if (m == 0 && soak > 0) {
                    System.out.printf("%nRSS over %,d predictions of %s (after a full GC at each sample):%n", soak, arch);
                    System.out.printf("%12s %8s %8s%n", "predictions", "RSS MB", "heap MB");
                    List<ServeBench.Sample> samples = ServeBench.soak(c, soak, 20);
                    for (ServeBench.Sample s : samples) {
                        System.out.printf("%,12d %8d %8d%n", s.predictions(), s.rssMb(), s.heapMb());
                    }
                    System.out.printf("RSS growth over the second half: %+.2f MB per 10,000 predictions%n%n",
                            ServeBench.lateGrowthMbPer10k(samples));
                    results.add(samples);
                }
            }
        }
        System.out.println("(measured on this machine as it is now: other load changes these numbers)");
        if (common.json()) {
            System.out.println(Printing.toJson(results));
        }
    }
}
