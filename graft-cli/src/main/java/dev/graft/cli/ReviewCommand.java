package dev.graft.cli;

import dev.graft.job.LoadedRun;
import dev.graft.job.ReviewJob;
import dev.graft.review.Review;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft review}. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "Which labels look wrong (confident learning on out-of-sample probabilities), which classes "
                + "get confused and which images cost most: DIR/review.html and DIR/review.json.")
final class ReviewCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "RUN", description = "A run folder made by graft train.")
    Path run;

    /** Images in class subfolders (its train/ subfolder when present), or fashion-mnist: the run's own training images. */
    @Mixin
    Flags.Data data = Flags.Data.note("required");

    /** The review folder: review.html, review.json and overlays/. */
    @Mixin
    Flags.Out out = Flags.Out.note("required");

    @Mixin
    Flags.Force force;

    @Option(names = "--folds", paramLabel = "K",
            description = "Cross-fitting folds (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--folds-by", paramLabel = "probe|fine-tune",
            description = "Fit each fold by a linear probe on the run's cached features (fast; default) or by a "
                    + "short fine-tune of the run's recipe.")
    String foldsBy;

    @Option(names = "--fold-epochs", paramLabel = "N",
            description = "With --folds-by fine-tune: epochs per fold (default ${DEFAULT-VALUE}).")
    int foldEpochs;

    @Option(names = "--run-features",
            description = "Probe the run's own features instead of its pretrained base network's (which never saw "
                    + "the labels under review).")
    boolean runFeatures;

    @Option(names = {"--top-losses", "--top"}, paramLabel = "N",
            description = "Highest-loss images to show, at most 99 (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--issue-images", paramLabel = "N",
            description = "Label issues drawn with their overlays in review.html; all are listed (default "
                    + "${DEFAULT-VALUE}).")
    int issueImages;

    /** Seed of the fold assignment. */
    @Mixin
    Flags.Seed seed = new Flags.Seed();

    @Mixin
    TrustOptions trust;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (!foldsBy.equals("probe") && !foldsBy.equals("fine-tune")) {
            throw new Main.UserError("--folds-by takes probe or fine-tune, not '" + foldsBy + "'");
        }
        ReviewJob.Options options = new ReviewJob.Options(folds, foldsBy.equals("fine-tune"), foldEpochs, top, issueImages,
                seed.value(), runFeatures);
        Review r;
        try (LoadedRun lr = LoadedRun.open(run, common.effectiveThreads(), trust.trusted())) {
            r = ReviewJob.run(lr, data.value(), out.path(), force.value(), options, common.effectiveThreads());
        }
        if (common.json) {
            Printing.json(r);
            return 0;
        }
        System.out.printf(Locale.ROOT, "%d images, %d-fold %s%s: out-of-sample accuracy %.4f%n", r.images(),
                r.folds(), r.method(), r.features() == null ? "" : " on " + r.features() + " features",
                r.outOfSampleAccuracy());
        System.out.printf("label issues   %d candidate(s)%n", r.labelIssues().size());
        r.labelIssues().stream().limit(10).forEach(i -> System.out.printf(Locale.ROOT, "  %s\tgiven %s\tsuggested %s"
                + "\tscore %.3f%n", i.file(), i.given(), i.suggested(), i.score()));
        r.confusedPairs().stream().limit(3).forEach(p -> System.out.printf(Locale.ROOT, "confused       %s as %s: %d "
                + "(%.1f%%)%n", p.given(), p.predicted(), p.count(), 100 * p.share()));
        System.out.println("review         " + out.path().resolve(ReviewJob.HTML) + " and "
                + out.path().resolve(ReviewJob.JSON));
        return 0;
    }
}
