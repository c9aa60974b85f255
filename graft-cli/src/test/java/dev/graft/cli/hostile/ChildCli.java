package dev.graft.cli.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code dev.graft.cli.Main} in a child JVM, as a user's shell would, and measures it: exit
 * code, stdout, stderr, wall time, and peak resident memory (the kernel's {@code VmHWM}, polled
 * from {@code /proc} while the child runs). A child that outlives its timeout is killed and
 * reported as timed out rather than hanging the test.
 *
 * <pre>{@code
 * ChildCli.Run r = ChildCli.in(dir).heap("512m").timeout(Duration.ofSeconds(60))
 *         .run("train", "--data", "d", "--weights", "evil.pth", "--out", "run");
 * r.assertOneLineError("evil.pth");
 * }</pre>
 */
public final class ChildCli {
    private final Path workDir;
    private String heap = "768m";
    private Duration timeout = Duration.ofSeconds(120);
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private boolean addThreads = true;

    private ChildCli(Path workDir) {
        this.workDir = workDir;
    }

    /** A child that runs with {@code dir} as its working directory (and writes its logs there). */
    public static ChildCli in(Path dir) {
        return new ChildCli(dir);
    }

    /** The child's {@code -Xmx}; default 768m. */
    public ChildCli heap(String xmx) {
        this.heap = xmx;
        return this;
    }

    /** How long the child may run before it is killed; default 120 s. */
    public ChildCli timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    /**
     * An environment variable for the child (DJL_OFFLINE and OPT_OUT_TRACKING are always set; proxy
     * variables are removed unless set here).
     */
    public ChildCli env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** An extra JVM option, such as {@code -Dsome.property=x}. */
    public ChildCli jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    /** Do not append {@code --threads 1} (for commands that have no such flag); default appends it. */
    public ChildCli noThreadsFlag() {
        this.addThreads = false;
        return this;
    }

    /**
     * What the child did.
     *
     * @param code exit code, or -1 when it was killed on timeout
     * @param out standard output
     * @param err standard error
     * @param peakRssKb the highest {@code VmHWM} seen, in KiB (0 if {@code /proc} was not readable)
     * @param millis wall time from start to exit (or kill)
     * @param timedOut whether it was killed for running past the timeout
     */
    public record Run(int code, String out, String err, long peakRssKb, long millis, boolean timedOut) {
        /** The lines of stderr that say "graft: error:". */
        public List<String> errorLines() {
            return err.lines().filter(l -> l.startsWith("graft: error:")).toList();
        }

        /**
         * Asserts the CLI's contract for bad input: exit code 1, exactly one {@code graft: error:}
         * line that contains every fragment, and no stack trace or JVM error anywhere on stderr.
         */
        public Run assertOneLineError(String... fragments) {
            check(!timedOut, "timed out after " + millis + " ms");
            check(code == 1, "exit code " + code + ", expected 1");
            check(errorLines().size() == 1, "expected exactly one 'graft: error:' line");
            String line = errorLines().get(0);
            for (String f : fragments) {
                check(line.contains(f), "the error line lacks '" + f + "'");
            }
            check(!err.contains("\tat ") && !err.contains("Exception in thread") && !err.contains("Caused by:")
                    && !err.contains("OutOfMemoryError") && !err.contains("StackOverflowError"),
                    "stack trace or JVM error on stderr");
            check(!err.contains("looks like a bug"), "reported as a bug, not a user error");
            return this;
        }

        /** Asserts the peak resident memory stayed below {@code mb} MiB. */
        public Run assertPeakRssBelowMb(long mb) {
            check(peakRssKb < mb * 1024, "peak RSS " + peakRssKb / 1024 + " MiB, bound " + mb + " MiB");
            return this;
        }

        /** Asserts the child finished, on its own, within {@code limit}. */
        public Run assertFinishedWithin(Duration limit) {
            check(!timedOut && millis <= limit.toMillis(), "took " + millis + " ms, bound " + limit.toMillis() + " ms");
            return this;
        }

        private void check(boolean ok, String what) {
            if (!ok) {
                throw new AssertionError(what + "\n--- exit " + code + ", " + millis + " ms, peak RSS "
                        + peakRssKb / 1024 + " MiB\n--- stderr:\n" + tail(err) + "\n--- stdout:\n" + tail(out));
            }
        }

        private static String tail(String s) {
            return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
        }
    }

    /** Runs {@code graft <args>} (plus {@code --threads 1} unless turned off) and waits for it. */
    public Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseSerialGC"); // one GC thread: the machine is shared, and RSS tracks the heap closely
        cmd.addAll(List.of("-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-Djava.awt.headless=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add("dev.graft.cli.Main");
        cmd.addAll(List.of(args));
        if (addThreads && args.length > 0 && !args[0].startsWith("-")) {
            cmd.addAll(List.of("--threads", "1"));
        }
        Files.createDirectories(workDir);
        String name = "child-" + System.nanoTime();
        Path outFile = workDir.resolve(name + ".out");
        Path errFile = workDir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        // the test's own loopback servers must be reached directly, whatever proxy the machine uses
        for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")) {
            pb.environment().remove(proxy);
            pb.environment().remove(proxy.toLowerCase(java.util.Locale.ROOT));
        }
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long peak = 0;
        long deadline = start + timeout.toNanos();
        boolean timedOut = false;
        while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, vmHwmKb(status));
            if (System.nanoTime() > deadline) {
                timedOut = true;
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                break;
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("child graft %s: exit %s, %d ms, peak RSS %d MiB%n", String.join(" ", args),
                timedOut ? "none (killed)" : Integer.toString(p.exitValue()), millis, peak / 1024);
        try {
            return new Run(timedOut ? -1 : p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8),
                    Files.readString(errFile, StandardCharsets.UTF_8), peak, millis, timedOut);
        } finally {
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }

    /** The process's peak resident set so far, in KiB; 0 once it has exited or where /proc is absent. */
    static long vmHwmKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the child exited between the check and the read
        }
        return 0;
    }
}
