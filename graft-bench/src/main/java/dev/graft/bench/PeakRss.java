package dev.graft.bench;

import ai.djl.pytorch.jni.JniUtils;
import dev.graft.engine.Engines;

/**
 * Peak resident memory of a fine-tune, in a process of its own so that nothing else this JVM did
 * counts: {@code java -cp … dev.graft.bench.PeakRss ARCH SIZE BATCH STEPS THREADS} trains every
 * parameter for STEPS AdamW steps on synthetic input and prints {@code peak_rss_mb=N}, the kernel's
 * high-water mark of resident memory (VmHWM).
 */
public final class PeakRss {
    private PeakRss() {}

    public static void main(String[] args) {
        String arch = args[0];
        int size = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        Engines.start(threads);
        JniUtils.setNumThreads(threads);
        float[] x = StepProfile.gaussian(batch * 3 * size * size, 1);
        try (Throughput.Workload w = new Throughput.Workload(arch, true)) {
            for (int s = 0; s < steps; s++) {
                w.step(x, batch, size);
            }
        }
        System.out.println("peak_rss_mb=" + highWaterMb());
    }

    /** VmHWM of this process in MB (Linux), or -1 elsewhere. */
    static long highWaterMb() {
        return MemorySoak.statusMb("VmHWM:");
    }
}
