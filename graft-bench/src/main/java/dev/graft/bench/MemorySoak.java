package dev.graft.bench;

import dev.graft.train.EpochMetrics;
import dev.graft.train.TrainContext;
import dev.graft.train.TrainListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the process's resident memory after every epoch, to show that training memory stays
 * flat: every step runs under its own NDManager, so nothing native accumulates. A full GC runs
 * before each sample; without it, the JVM touching fresh young-generation pages for the first
 * time looks exactly like a native leak in the RSS curve.
 */
public final class MemorySoak implements TrainListener {
    /** Resident memory after one epoch: the process's RSS, and the Java heap used and committed. */
    public record Sample(String phase, int epoch, long rssMb, long heapMb, long heapCommittedMb) {}

    private final List<Sample> samples = new ArrayList<>();

    @Override
    public void onEpochEnd(TrainContext ctx, EpochMetrics m) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        samples.add(new Sample(m.phase(), m.epoch(), rssMb(), (rt.totalMemory() - rt.freeMemory()) >> 20,
                rt.totalMemory() >> 20));
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /**
     * RSS growth in MB per epoch over the second half of the samples (the first half holds the
     * one-off warm-up: allocator pools, the second phase's optimizer state), by least squares.
     * NaN with fewer than four samples.
     */
    public double lateGrowthMbPerEpoch() {
        return lateGrowth(samples);
    }

    static double lateGrowth(List<Sample> samples) {
        double[] x = new double[samples.size()];
        double[] y = new double[samples.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = samples.get(i).rssMb();
        }
        return lateSlope(x, y);
    }

    /** The least-squares slope of y over x through the second half of the points; NaN with fewer than four. */
    static double lateSlope(double[] x, double[] y) {
        if (x.length < 4) {
            return Double.NaN;
        }
        int from = x.length / 2;
        double n = x.length - from;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = from; i < x.length; i++) {
            sx += x[i];
            sy += y[i];
            sxx += x[i] * x[i];
            sxy += x[i] * y[i];
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /** VmRSS of this process in MB, from /proc (Linux), or -1 elsewhere. */
    public static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
