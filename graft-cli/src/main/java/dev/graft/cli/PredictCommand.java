package dev.graft.cli;

import dev.graft.job.LoadedRun;
import dev.graft.eval.Scored;
import dev.graft.job.PredictJob;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code graft predict}. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Top-k labels with probabilities for image files.")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "RUN", description = "A run folder made by graft train.")
    Path run;

    @Option(names = "--weights", paramLabel = "TAG",
            description = "Instead of --run: pretrained weights from the registry, with their own classes (e.g. resnet50.tv_in1k).")
    String weights;

    @Option(names = {"--top-k", "--top"}, description = "Labels per image (default ${DEFAULT-VALUE}).")
    int topK;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "JPEG or PNG files.")
    List<Path> images;

    @Mixin
    TrustOptions trust;

    @Option(names = "--reject-below", paramLabel = "P|auto",
            description = "Answer \"unknown\" when the top calibrated probability is below P; auto: the threshold "
                    + "graft train suggested from the validation images (see --accept-rate).")
    String rejectBelow;

    @Option(names = "--accept-rate", paramLabel = "R",
            description = "With --reject-below auto: the share of validation images to keep accepting (default: "
                    + "the rate the run stored, 0.95).")
    Double acceptRate;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        List<PredictJob.Prediction> preds;
        if ((run == null) == (weights == null)) {
            throw new Main.UserError("give either --run RUN or --weights TAG");
        }
        try (LoadedRun r = run != null ? LoadedRun.open(run, common.effectiveThreads(), trust.trusted())
                : LoadedRun.fromPretrained(weights, common.effectiveThreads())) {
            preds = PredictJob.run(r, images, topK, threshold(r));
        }
        if (common.json) {
            // [file, top, error] as before calibration, then the answer ("unknown" when rejected)
            Printing.json(preds.stream().map(p -> new Object[] {p.file().toString(), p.top(), p.error(), p.answer()})
                    .toList());
        } else {
            for (PredictJob.Prediction p : preds) {
                if (p.error() != null) {
                    System.out.printf("%s\tERROR\t%s%n", p.file(), p.error());
                    continue;
                }
                StringBuilder sb = new StringBuilder(p.file().toString());
                if (rejectBelow != null) {
                    sb.append('\t').append(p.answer());
                }
                for (Scored s : p.top()) {
                    sb.append(String.format("\t%s\t%.4f", s.label(), s.probability()));
                }
                System.out.println(sb);
            }
        }
        long failed = preds.stream().filter(p -> p.error() != null).count();
        if (failed > 0) {
            System.err.println("graft: " + failed + " of " + preds.size() + " image(s) could not be read");
            return 1;
        }
        return 0;
    }

    /** The rejection threshold asked for, 0 for none. */
    private double threshold(LoadedRun r) {
        if (rejectBelow == null) {
            if (acceptRate != null) {
                throw new Main.UserError("--accept-rate goes with --reject-below auto");
            }
            return 0;
        }
        if ("auto".equals(rejectBelow)) {
            var c = r.info().calibrationOrNone();
            double rate = acceptRate != null ? acceptRate : c.rejection() == null ? 0.95 : c.rejection().acceptRate();
            double t = c.thresholdFor(rate);
            System.err.printf(java.util.Locale.ROOT, "rejecting below %.4f: keeps %.0f%% of the run's validation "
                    + "images%n", t, 100 * rate);
            return t;
        }
        if (acceptRate != null) {
            throw new Main.UserError("--accept-rate goes with --reject-below auto, not with a probability");
        }
        try {
            double t = Double.parseDouble(rejectBelow);
            if (t >= 0 && t <= 1) {
                return t;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new Main.UserError("--reject-below takes a probability in [0, 1] or auto, not '" + rejectBelow + "'");
    }
}
