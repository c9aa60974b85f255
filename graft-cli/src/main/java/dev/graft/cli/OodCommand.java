package dev.graft.cli;

import dev.graft.job.LoadedRun;
import dev.graft.job.OodJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft ood}. */
@Command(name = "ood", mixinStandardHelpOptions = true,
        description = "How well the run tells its own classes from other images: AUROC of the maximum softmax "
                + "probability and of the energy, and what its rejection threshold accepts.")
final class OodCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "RUN", description = "A run folder made by graft train.")
    Path run;

    /** In-distribution images: a folder (its test/ or val/ when present), or fashion-mnist (its test split of the run's classes). */
    @Mixin
    Flags.Data data = Flags.Data.note("required");

    @Option(names = "--ood", required = true, split = ",", paramLabel = "SET",
            description = "Out-of-distribution sets, comma-separated or repeated: fashion-mnist:IDS (test images of "
                    + "those classes), noise, shapes (1,000 generated images each), or a folder.")
    List<String> ood;

    @Mixin
    TrustOptions trust;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        OodJob.Result r;
        try (LoadedRun lr = LoadedRun.open(run, common.effectiveThreads(), trust.trusted())) {
            r = OodJob.run(lr, data.value(), ood, common.effectiveThreads());
        }
        if (common.json) {
            Printing.json(r);
            return 0;
        }
        System.out.printf(Locale.ROOT, "in-distribution  %s: %d images, T = %.3f%s%n", r.inDistribution(), r.images(),
                r.temperature(), r.threshold() == null ? "" : String.format(Locale.ROOT,
                        ", threshold %.4f accepts %.1f%%", r.threshold(), 100 * r.accepted()));
        System.out.printf("%-24s %7s %11s %13s %9s%n", "out-of-distribution", "images", "AUROC msp", "AUROC energy",
                "accepted");
        for (OodJob.OodSet s : r.sets()) {
            System.out.printf(Locale.ROOT, "%-24s %7d %11.4f %13.4f %9s%n", s.name(), s.images(), s.aurocMsp(),
                    s.aurocEnergy(), Double.isNaN(s.accepted()) ? "-" : String.format(Locale.ROOT, "%.1f%%",
                            100 * s.accepted()));
        }
        return 0;
    }
}
