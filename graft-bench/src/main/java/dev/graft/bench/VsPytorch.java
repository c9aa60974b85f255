package dev.graft.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Graft against eager PyTorch on the same machine, in the same run: for every case, the project's
 * PyTorch script ({@code tools/bench/pytorch_throughput.py --one}) and Graft take turns, the order
 * flipping every round, and each side keeps its best round. Alternating puts both sides under the
 * same load; on a busy machine the ratios are still noisy, so read them as indicative there.
 *
 * <p>PyTorch runs as its users get it: Graft's launcher settings (its allocator, its environment)
 * are taken out of the Python process's environment, and the step is the plain eager one.
 */
public final class VsPytorch {
    private VsPytorch() {}

    /** Environment variables Graft's launcher may set for the JVM that eager PyTorch does not get by default. */
    static final List<String> LAUNCHER_ENV = List.of("LD_PRELOAD", "MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_",
            "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "THP_MEM_ALLOC_ENABLE", "TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD",
            "TCMALLOC_RELEASE_RATE");

    /** One measurement both sides make. */
    public record Case(String arch, boolean train, int size, int batch, int threads) {
        /** The goal for Graft/PyTorch: 1.05 for training, 1.0 for inference, parity (1.0) for resnet50. */
        public double goal() {
            return train && arch.equals("resnet18") ? 1.05 : 1.0;
        }

        String mode() {
            return train ? "train" : "infer";
        }
    }

    /**
     * What to run.
     *
     * @param python the Python with Debian's torch and torchvision
     * @param script {@code tools/bench/pytorch_throughput.py}
     * @param cases the measurements, see {@link #defaultCases}
     * @param rounds turns per side; each side's best counts
     * @param warmup untimed steps before each measurement
     * @param steps timed steps per measurement (their median is the measurement)
     * @param rssSteps steps of the resnet50 fine-tune whose peak RSS each side reports; 0 skips it
     * @param rssThreads threads for that fine-tune
     */
    public record Config(Path python, Path script, List<Case> cases, int rounds, int warmup, int steps, int rssSteps,
            int rssThreads) {}

    /** One side's best round: images per second by wall time, and by this process's CPU time. */
    public record Side(double imagesPerSecond, double cpuImagesPerSecond) {
        Side best(Side o) {
            return o == null ? this : new Side(Math.max(imagesPerSecond, o.imagesPerSecond),
                    Math.max(cpuImagesPerSecond, o.cpuImagesPerSecond));
        }
    }

    /** Both sides of one case. */
    public record Row(Case c, Side pytorch, Side graft) {
        public double ratio() {
            return graft.imagesPerSecond() / pytorch.imagesPerSecond();
        }

        public double cpuRatio() {
            return graft.cpuImagesPerSecond() / pytorch.cpuImagesPerSecond();
        }
    }

    /**
     * The whole comparison; peak RSS values are -1 when not measured.
     *
     * @param minutes how long the whole comparison took, wall time
     */
    public record Report(Machine.Info machine, String torchVersion, String libtorchVersion, int rounds, int steps,
            List<Row> rows, long pytorchPeakRssMb, long graftPeakRssMb, int rssSteps, double loadAtEnd, double minutes) {}

    /**
     * The table: resnet18 train 224/32, infer 224/64, train 64/64, infer 64/128 at every thread
     * count, and resnet50 train 224/32 and infer 224/64 at the thread counts in {@code resnet50Threads}.
     */
    public static List<Case> defaultCases(List<Integer> threadCounts, List<Integer> resnet50Threads) {
        List<Case> out = new ArrayList<>();
        for (int t : threadCounts) {
            out.add(new Case("resnet18", true, 224, 32, t));
            out.add(new Case("resnet18", false, 224, 64, t));
            out.add(new Case("resnet18", true, 64, 64, t));
            out.add(new Case("resnet18", false, 64, 128, t));
            if (resnet50Threads.contains(t)) {
                out.add(new Case("resnet50", true, 224, 32, t));
                out.add(new Case("resnet50", false, 224, 64, t));
            }
        }
        return out;
    }

    /**
     * Why the comparison cannot run here (no such Python, no torch or torchvision in it, no script),
     * as one line naming the fix, or null when it can.
     */
    public static String unavailable(Path python, Path script) {
        if (script == null || !script.toFile().isFile()) {
            return "PyTorch script not found at " + script + "; pass --pytorch-script tools/bench/pytorch_throughput.py";
        }
        try {
            Output o = exec(List.of(python.toString(), "-c", "import torch, torchvision; print(torch.__version__)"), true);
            return o.code == 0 ? null : python + " cannot import torch and torchvision; install Debian's "
                    + "(sudo apt-get install python3-torch python3-torchvision) or pass --python";
        } catch (IOException e) {
            return "cannot run " + python + " (" + e.getMessage() + "); install python3 or pass --python";
        }
    }

    /** Runs every case, alternating sides, then the peak-RSS pair. Progress goes to {@code log}. */
    public static Report run(Config c, Consumer<String> log) {
        Machine.Info machine = Machine.describe();
        long start = System.nanoTime();
        String torch = "";
        List<Row> rows = new ArrayList<>();
        int total = c.cases().size() * c.rounds() * 2;
        int done = 0;
        for (Case k : c.cases()) {
            Side py = null;
            Side gr = null;
            for (int r = 0; r < c.rounds(); r++) {
                for (int turn = 0; turn < 2; turn++) {
                    boolean pythonNow = (turn == 0) == (r % 2 == 0); // ABBA: the order flips every round
                    Side s;
                    if (pythonNow) {
                        JsonObject j = pythonOne(c, k);
                        torch = j.get("torch").getAsString();
                        s = new Side(j.get("images_per_s").getAsDouble(),
                                k.batch() * 1000.0 / j.get("cpu_ms_per_step").getAsDouble());
                        py = s.best(py);
                    } else {
                        Throughput.Result t = Throughput.measure(k.arch(), k.size(), k.batch(), k.train(), k.threads(),
                                c.warmup(), c.steps());
                        s = new Side(t.imagesPerSecond(), k.batch() * 1000.0 / t.cpuMsPerStep());
                        gr = s.best(gr);
                    }
                    done++;
                    log.accept(String.format("[%d/%d] %s %s %d px b%d %dt round %d: %s %.2f img/s", done, total, k.arch(),
                            k.mode(), k.size(), k.batch(), k.threads(), r + 1, pythonNow ? "PyTorch" : "Graft",
                            s.imagesPerSecond()));
                }
            }
            rows.add(new Row(k, py, gr));
        }
        long pyRss = -1;
        long grRss = -1;
        if (c.rssSteps() > 0) {
            log.accept("peak RSS: resnet50 fine-tune at 224 px, batch 32, " + c.rssSteps() + " steps, each side in a fresh process");
            pyRss = Math.round(pythonOne(c, new Case("resnet50", true, 224, 32, c.rssThreads()), 0, c.rssSteps())
                    .get("peak_rss_mb").getAsDouble());
            grRss = graftPeakRss(c);
        }
        return new Report(machine, torch, dev.graft.engine.Engines.libtorchVersion(), c.rounds(), c.steps(), rows, pyRss,
                grRss, c.rssSteps(), Machine.loadAverage(), (System.nanoTime() - start) / 6e10);
    }

    private static JsonObject pythonOne(Config c, Case k) {
        return pythonOne(c, k, c.warmup(), c.steps());
    }

    private static JsonObject pythonOne(Config c, Case k, int warmup, int steps) {
        List<String> cmd = List.of(c.python().toString(), c.script().toString(), "--one", k.mode(), "--model", k.arch(),
                "--size", Integer.toString(k.size()), "--batch", Integer.toString(k.batch()), "--threads",
                Integer.toString(k.threads()), "--warmup", Integer.toString(warmup), "--steps", Integer.toString(steps));
        try {
            Output o = exec(cmd, true);
            String last = o.stdout.strip();
            last = last.substring(last.lastIndexOf('\n') + 1);
            if (o.code != 0 || !last.startsWith("{")) {
                throw new IllegalStateException("the PyTorch script failed (exit " + o.code + "): " + o.stderr.strip());
            }
            return JsonParser.parseString(last).getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + c.python() + ": " + e.getMessage(), e);
        }
    }

    /** The same fine-tune in a fresh JVM with this one's options and classpath. */
    private static long graftPeakRss(Config c) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PeakRss.class.getName(), "resnet50", "224",
                "32", Integer.toString(c.rssSteps()), Integer.toString(c.rssThreads())));
        try {
            Output o = exec(cmd, false);
            for (String line : o.stdout.split("\n")) {
                if (line.startsWith("peak_rss_mb=")) {
                    return Long.parseLong(line.substring("peak_rss_mb=".length()).trim());
                }
            }
            throw new IllegalStateException("the Graft peak-RSS run failed (exit " + o.code + "): " + o.stderr.strip());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a JVM for the peak-RSS run: " + e.getMessage(), e);
        }
    }

    private record Output(int code, String stdout, String stderr) {}

    /** Runs a command to completion; {@code asPytorch} takes Graft's launcher settings out of its environment. */
    private static Output exec(List<String> cmd, boolean asPytorch) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (asPytorch) {
            Map<String, String> env = pb.environment();
            LAUNCHER_ENV.forEach(env::remove);
        }
        Process p = pb.start();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete(e.getMessage());
            }
        }, "vs-pytorch-stderr");
        t.setDaemon(true);
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int code = p.waitFor();
            return new Output(code, out, err.get());
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
