package dev.graft.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this process, all threads together (JVM, libtorch's OpenMP pool, loader threads).
 * On a machine other jobs share, wall time grows with their load while CPU time mostly does not,
 * so single-thread comparisons stay readable under load.
 */
final class CpuTime {
    private CpuTime() {}

    /** Nanoseconds of CPU this process has used so far, or -1 where the JVM cannot tell. */
    static long processNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
