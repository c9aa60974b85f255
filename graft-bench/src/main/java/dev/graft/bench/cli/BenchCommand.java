package dev.graft.bench.cli;

import dev.graft.bench.Ablation;
import dev.graft.bench.DataBench;
import dev.graft.bench.MemorySoak;
import dev.graft.bench.StepProfile;
import dev.graft.bench.Throughput;
import dev.graft.bench.VsPytorch;
import dev.graft.bench.VsPytorchTable;
import dev.graft.cli.CommonOptions;
import dev.graft.cli.Flags;
import dev.graft.cli.Printing;
import dev.graft.data.Augment;
import dev.graft.job.DemoJob;
import dev.graft.job.TrainJob;
import dev.graft.job.TrainRequest;
import dev.graft.recipe.Strategy;
import dev.graft.train.ConsoleProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft bench}: throughput per thread count, step profile, ablation, data pipeline, eager PyTorch side by side, memory. */
@Command(name = "bench", mixinStandardHelpOptions = true, defaultValueProvider = BenchDefaults.class,
        description = {"Training and inference images/s per thread count (same run, synthetic input), and RSS per "
                + "epoch over a long Fashion-MNIST fine-tune; with --serve, a Classifier's latency and throughput.",
                "--profile: where a training step's time goes. --data DIR: the image loader alone and feeding the model. "
                + "--ablate: what each speed measure buys. --vs-pytorch: eager PyTorch (Debian's python3-torch) and "
                + "Graft alternately, with the ratio table. See docs/PERFORMANCE.md."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "resnet18", description = "Architecture (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--size", defaultValue = "224", description = "Input size (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--batch", defaultValue = "32", description = "Training batch (default ${DEFAULT-VALUE}); inference uses twice this.")
    int batch;

    @Option(names = "--steps", description = "Timed steps per measurement (default 10; 3 with --vs-pytorch, 5 with --data).")
    Integer steps;

    @Option(names = "--thread-counts", defaultValue = "1,2", split = ",", description = "Thread counts to compare (default ${DEFAULT-VALUE}).")
    List<Integer> threadCounts;

    @Option(names = "--memory-epochs", defaultValue = "0",
            description = "Also run the demo's fine-tune for this many epochs and print RSS per epoch (default off).")
    int memoryEpochs;

    /** The run folder for the memory soak. */
    @Mixin
    Flags.Out out = new Flags.Out("runs/bench-memory");

    @Option(names = "--profile", description = "Instead: time each phase of a training step (copy-in, forward, "
            + "backward, optimizer, free) at each thread count.")
    boolean profile;

    @Option(names = "--trace", description = "With --profile: write libtorch's operator trace of the last step here "
            + "(Chrome trace JSON; tools/bench/trace_table.py prints it as a table).")
    Path trace;

    @Option(names = "--data", paramLabel = "DIR", description = "Instead: decode, resize and augment this ImageFolder "
            + "(one subfolder per class) alone, then feeding training steps, on the same threads.")
    Path data;

    @Option(names = "--augment", defaultValue = "light", description = "With --data: augmentation preset (none, light, "
            + "strong; default ${DEFAULT-VALUE}).")
    String augment;

    @Mixin
    VsPytorchOptions vs = new VsPytorchOptions();

    @Option(names = "--ablate", description = "Instead: what each speed measure buys (freeing activations, "
            + "channels-last, BatchNorm folding), variants alternating step by step in one process.")
    boolean ablate;

    @Mixin
    CommonOptions common;

    @Mixin
    ServeBenchOptions serve;

    @Override
    public Integer call() {
        if (serve.enabled) {
            serve.run(size, common);
            return 0;
        }
        if (profile) {
            return profile();
        }
        if (data != null) {
            return data();
        }
        if (vs.on) {
            return vsPytorch();
        }
        if (ablate) {
            return ablate();
        }
        return throughput();
    }

    private Integer ablate() {
        int n = steps == null ? 4 : steps;
        List<Object> results = new ArrayList<>();
        System.out.printf("%s at %dx%d, synthetic input, median of %d steps; each rung adds one measure%n", model, size,
                size, n);
        for (int t : threadCounts) {
            for (boolean train : new boolean[] {true, false}) {
                int b = train ? batch : 2 * batch;
                List<Ablation.Result> rs = Ablation.run(model, size, b, train, t, n);
                results.add(rs);
                System.out.printf("%nthreads %d, %s, batch %d%n%-22s %10s %10s %9s %9s%n", t, train ? "train" : "infer", b,
                        "variant", "ms/step", "CPU ms", "speed-up", "by CPU");
                for (Ablation.Result r : rs) {
                    System.out.printf("%-22s %10.1f %10.1f %8.2fx %8.2fx%n", r.variant(), r.msPerStep(), r.cpuMsPerStep(),
                            rs.get(0).msPerStep() / r.msPerStep(), rs.get(0).cpuMsPerStep() / r.cpuMsPerStep());
                }
            }
        }
        if (common.json()) {
            System.out.println(Printing.toJson(results));
        }
        return 0;
    }

    private Integer throughput() {
        List<Object> results = new ArrayList<>();
        int n = steps == null ? 10 : steps;
        System.out.printf("%s at %dx%d, synthetic input, median of %d steps%n", model, size, size, n);
        System.out.printf("%-7s %-6s %6s %12s %10s %10s%n", "threads", "mode", "batch", "images/s", "ms/step", "CPU ms");
        for (int t : threadCounts) {
            for (boolean train : new boolean[] {true, false}) {
                Throughput.Result r = Throughput.measure(model, size, train ? batch : 2 * batch, train, t, 2, n);
                results.add(r);
                System.out.printf("%-7d %-6s %6d %12.1f %10.1f %10.1f%n", r.threads(), r.mode(), r.batch(),
                        r.imagesPerSecond(), r.msPerStep(), r.cpuMsPerStep());
            }
        }
        if (memoryEpochs > 0) {
            results.add(memorySoak());
        }
        if (common.json()) {
            System.out.println(Printing.toJson(results));
        }
        return 0;
    }

    private List<MemorySoak.Sample> memorySoak() {
        MemorySoak soak = new MemorySoak();
        TrainRequest demo = DemoJob.request(new DemoJob.Request(out.path(), 10, 10, 42, common.effectiveThreads()),
                Strategy.FINE_TUNE);
        TrainRequest r = new TrainRequest(demo.data(), demo.arch(), demo.weights(), demo.strategy(),
                demo.train().toBuilder().epochs(memoryEpochs).patience(0).build(), demo.head(), demo.augment(),
                demo.headEpochs(), demo.lrMult(), out.path(), true, false, common.effectiveThreads(), null);
        System.out.printf("%nRSS per epoch of the demo's fine-tune, run for %d epochs:%n", memoryEpochs);
        TrainJob.run(r, List.of(soak, new ConsoleProgress(System.err)));
        System.out.printf("%-10s %5s %8s %8s %10s%n", "phase", "epoch", "RSS MB", "heap MB", "committed");
        for (MemorySoak.Sample s : soak.samples()) {
            System.out.printf("%-10s %5d %8d %8d %10d%n", s.phase(), s.epoch(), s.rssMb(), s.heapMb(),
                    s.heapCommittedMb());
        }
        System.out.printf("RSS growth over the second half: %+.2f MB per epoch (after a full GC each epoch)%n",
                soak.lateGrowthMbPerEpoch());
        return soak.samples();
    }

    private Integer profile() {
        int n = steps == null ? 10 : steps;
        List<Object> results = new ArrayList<>();
        System.out.printf("%s training step at %dx%d, batch %d, median of %d steps: ms per phase (share)%n", model,
                size, size, batch, n);
        for (int t : threadCounts) {
            StepProfile.Result r = StepProfile.train(model, size, batch, t, 2, n,
                    trace == null ? null : trace.toString().replace(".json", "") + "-t" + t + ".json");
            results.add(r);
            StringBuilder line = new StringBuilder(String.format("threads %d: total %.0f ms", t, r.totalMs()));
            r.phaseMs().forEach((k, v) -> line.append(String.format(", %s %.0f (%.1f%%)", k, v, 100 * r.share(k))));
            System.out.println(line);
        }
        if (common.json()) {
            System.out.println(Printing.toJson(results));
        }
        return 0;
    }

    private Integer data() {
        int n = steps == null ? 5 : steps;
        Augment a = Augment.parse(augment);
        List<Object> results = new ArrayList<>();
        System.out.printf("%s training at %dx%d, batch %d, images from %s (augmentation: %s)%n", model, size, size,
                batch, data, augment);
        System.out.printf("%-7s %14s %14s %9s %14s %9s%n", "threads", "loader img/s", "model img/s", "headroom",
                "fed img/s", "fed/model");
        for (int t : threadCounts) {
            DataBench.Result r = DataBench.measure(data, model, size, batch, a, t, n);
            results.add(r);
            System.out.printf("%-7d %14.1f %14.1f %8.1fx %14.1f %9.2f%s%n", t, r.loaderImagesPerSecond(),
                    r.modelImagesPerSecond(), r.headroom(), r.fedImagesPerSecond(), r.fedShare(),
                    r.failures() > 0 ? "  (" + r.failures() + " images failed to decode)" : "");
        }
        System.out.println("headroom = loader alone / model alone (goal: 2x or more); fed/model = training fed by "
                + "the loader / training on synthetic input (1.00: the loader never held it up)");
        if (common.json()) {
            System.out.println(Printing.toJson(results));
        }
        return 0;
    }

    private Integer vsPytorch() {
        VsPytorch.Report r = VsPytorch.run(vs.config(threadCounts, steps), System.err::println);
        System.out.print(VsPytorchTable.format(r));
        if (common.json()) {
            System.out.println(Printing.toJson(r));
        }
        return 0;
    }
}
