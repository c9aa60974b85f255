package dev.graft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a benchmark ran on, so a table names its machine, and how busy that machine was. */
public final class Machine {
    private Machine() {}

    /**
     * @param cpu the CPU's model name
     * @param cores logical CPUs this JVM may use
     * @param vectors the widest vector instructions the CPU has (AVX-512, AVX2 or neither)
     * @param loadAtStart the one-minute load average when the run started
     */
    public record Info(String cpu, int cores, String vectors, double loadAtStart) {
        /** One line such as {@code AMD EPYC, 2 cores, AVX-512}. */
        public String describe() {
            return cpu + ", " + cores + " cores, " + vectors;
        }
    }

    public static Info describe() {
        String cpu = "unknown CPU";
        String vectors = "no AVX2";
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String l : lines) {
                if (l.startsWith("model name") && cpu.equals("unknown CPU")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                }
                if (l.startsWith("flags")) {
                    vectors = l.contains(" avx512f") ? "AVX-512" : l.contains(" avx2") ? "AVX2" : vectors;
                }
            }
        } catch (IOException e) {
            cpu = System.getProperty("os.arch");
        }
        return new Info(cpu, Runtime.getRuntime().availableProcessors(), vectors, loadAverage());
    }

    /** The one-minute load average, or -1 where the system does not say. */
    public static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
