package dev.graft.cli;

import dev.graft.job.ExplainJob;
import dev.graft.job.LoadedRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code graft explain}. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Where the model looked: a Grad-CAM heat map over each image, written as an overlay PNG with "
                + "the label and its probability.")
final class ExplainCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "RUN", description = "A run folder made by graft train.")
    Path run;

    /** The folder for the overlay PNGs (numbered in the order given) and explain.json. */
    @Mixin
    Flags.Out out = Flags.Out.note("required");

    @Mixin
    Flags.Force force;

    @Option(names = "--layer", paramLabel = "PATH",
            description = "The module to read, as a dotted path such as layer3 or features.12 (default: the top of "
                    + "the last stage with a spatial map).")
    String layer;

    @Option(names = "--label", paramLabel = "CLASS",
            description = "Explain this class instead of each image's predicted one.")
    String label;

    @Mixin
    TrustOptions trust;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "JPEG or PNG files.")
    List<Path> images;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        List<ExplainJob.Item> items;
        try (LoadedRun r = LoadedRun.open(run, common.effectiveThreads(), trust.trusted())) {
            items = ExplainJob.run(r, images, out.path(), force.value(), layer, label);
        }
        if (common.json) {
            Printing.json(items);
        } else {
            for (ExplainJob.Item i : items) {
                if (i.error() != null) {
                    System.out.printf("%s\tERROR\t%s%n", i.file(), i.error());
                } else {
                    System.out.printf(Locale.ROOT, "%s\t%s\t%.4f\t%s%n", i.file(), i.label(), i.probability(),
                            i.overlay());
                }
            }
            items.stream().filter(i -> i.error() == null).findFirst().ifPresent(i -> System.err.printf(
                    "Grad-CAM at layer %s, %dx%d grid%n", i.layer(), i.heatmap().length, i.heatmap()[0].length));
        }
        long failed = items.stream().filter(i -> i.error() != null).count();
        if (failed > 0) {
            System.err.println("graft: " + failed + " of " + items.size() + " image(s) could not be read");
            return 1;
        }
        return 0;
    }
}
