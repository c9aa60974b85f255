package dev.graft.bench.cli;

import dev.graft.bench.VsPytorch;
import dev.graft.check.Checks;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The flags of {@code graft bench --vs-pytorch}. Without {@code --quick} one command measures the
 * issue's whole table (resnet18 at both sizes, resnet50 at every thread count, peak RSS); {@code
 * --quick} keeps every resnet18 row but measures resnet50 at the highest thread count only, with
 * two rounds instead of three, which is what makes the full run long.
 */
final class VsPytorchOptions {
    @Option(names = "--vs-pytorch", description = "Instead: eager PyTorch and Graft alternately on the issue's cases "
            + "(resnet18 train 224/32, infer 224/64, train 64/64, infer 64/128; resnet50 train 224/32 and infer 224/64) "
            + "per thread count, then peak RSS of a resnet50 fine-tune on both sides; prints the ratio table. About 35 "
            + "minutes on an idle 2-core machine; --quick about 14.")
    boolean on;

    @Option(names = "--quick", description = "With --vs-pytorch: resnet50 only at the highest thread count, 2 rounds, "
            + "2-step peak-RSS run.")
    boolean quick;

    @Option(names = "--rounds", description = "With --vs-pytorch: turns per side, best counts (default 3; 2 with --quick).")
    Integer rounds;

    @Option(names = "--no-resnet50", description = "With --vs-pytorch: skip the resnet50 rows.")
    boolean noResnet50;

    @Option(names = "--rss-steps", description = "With --vs-pytorch: steps of the resnet50 peak-RSS fine-tune; 0 skips "
            + "it (default 3; 2 with --quick).")
    Integer rssSteps;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "With --vs-pytorch: the Python with "
            + "torch and torchvision (default ${DEFAULT-VALUE}).")
    Path python;

    @Option(names = "--pytorch-script", description = "With --vs-pytorch: the PyTorch side (default: "
            + "tools/bench/pytorch_throughput.py in the Graft checkout).")
    Path pytorchScript;

    /** One untimed step is enough: oneDNN makes its kernels on the first, and both sides get the same. */
    static final int WARMUP = 1;

    /** The plan for these flags, once the PyTorch side is known to run; {@code steps} null means 3 timed steps. */
    VsPytorch.Config config(List<Integer> threadCounts, Integer steps) {
        VsPytorch.Config c = plan(threadCounts, steps);
        String why = VsPytorch.unavailable(c.python(), c.script());
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        return c;
    }

    /** The plan for these flags, without looking for Python. */
    VsPytorch.Config plan(List<Integer> threadCounts, Integer steps) {
        int maxThreads = threadCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
        List<VsPytorch.Case> cases = VsPytorch.defaultCases(threadCounts,
                noResnet50 ? List.of() : quick ? List.of(maxThreads) : threadCounts);
        int r = rounds != null ? rounds : quick ? 2 : 3;
        int rss = rssSteps != null ? rssSteps : quick ? 2 : 3;
        Checks.range("rounds", r, 1, 100);
        Checks.range("rssSteps", rss, 0, 1000);
        Path script = pytorchScript != null ? pytorchScript : defaultScript();
        return new VsPytorch.Config(python, script, cases, r, WARMUP, steps == null ? 3 : steps, rss, maxThreads);
    }

    /** The script beside this installation: the launcher passes its folder as {@code graft.home}. */
    private static Path defaultScript() {
        String home = System.getProperty("graft.home");
        return Path.of(home == null ? "." : home, "tools", "bench", "pytorch_throughput.py");
    }
}
