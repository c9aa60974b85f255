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
 * flat: every step runs under its own NDManager, so nothing native accumulates.
 */
public final class MemorySoak implements TrainListener {
    /** Resident memory after one epoch. */
    public record Sample(String phase, int epoch, long rssMb, long heapMb) {}

    private final List<Sample> samples = new ArrayList<>();

    @Override
    public void onEpochEnd(TrainContext ctx, EpochMetrics m) {
        Runtime rt = Runtime.getRuntime();
        samples.add(new Sample(m.phase(), m.epoch(), rssMb(), (rt.totalMemory() - rt.freeMemory()) >> 20));
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
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
