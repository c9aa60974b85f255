package dev.graft.bench.cli;

import dev.graft.bench.MemorySoak;
import dev.graft.bench.Throughput;
import dev.graft.cli.CommonOptions;
import dev.graft.cli.Flags;
import dev.graft.cli.Printing;
import dev.graft.job.DemoJob;
import dev.graft.job.TrainJob;
import dev.graft.job.TrainRequest;
import dev.graft.recipe.Strategy;
import dev.graft.train.ConsoleProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft bench}: throughput at each thread count, and resident memory over a long run. */
@Command(name = "bench", mixinStandardHelpOptions = true, defaultValueProvider = BenchDefaults.class,
        description = "Training and inference images/s per thread count (same run, synthetic input), and RSS per "
                + "epoch over a long Fashion-MNIST fine-tune; with --serve, a Classifier's latency and throughput.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "resnet18", description = "Architecture (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--size", defaultValue = "224", description = "Input size (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--batch", defaultValue = "32", description = "Training batch (default ${DEFAULT-VALUE}); inference uses twice this.")
    int batch;

    @Option(names = "--steps", defaultValue = "10", description = "Timed steps per measurement (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--thread-counts", defaultValue = "1,2", split = ",", description = "Thread counts to compare (default ${DEFAULT-VALUE}).")
    List<Integer> threadCounts;

    @Option(names = "--memory-epochs", defaultValue = "0",
            description = "Also run the demo's fine-tune for this many epochs and print RSS per epoch (default off).")
    int memoryEpochs;

    /** The run folder for the memory soak. */
    @Mixin
    Flags.Out out = new Flags.Out("runs/bench-memory");

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
        List<Object> results = new ArrayList<>();
        System.out.printf("%s at %dx%d, synthetic input, median of %d steps%n", model, size, size, steps);
        System.out.printf("%-7s %-6s %6s %12s %10s%n", "threads", "mode", "batch", "images/s", "ms/step");
        for (int t : threadCounts) {
            for (boolean train : new boolean[] {true, false}) {
                Throughput.Result r = Throughput.measure(model, size, train ? batch : 2 * batch, train, t, 2, steps);
                results.add(r);
                System.out.printf("%-7d %-6s %6d %12.1f %10.1f%n", r.threads(), r.mode(), r.batch(),
                        r.imagesPerSecond(), r.msPerStep());
            }
        }
        if (memoryEpochs > 0) {
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
            results.add(soak.samples());
        }
        if (common.json()) {
            System.out.println(Printing.toJson(results));
        }
        return 0;
    }
}
