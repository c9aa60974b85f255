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
            preds = PredictJob.run(r, images, topK);
        }
        if (common.json) {
            Printing.json(preds.stream().map(p -> new Object[] {p.file().toString(), p.top(), p.error()}).toList());
        } else {
            for (PredictJob.Prediction p : preds) {
                if (p.error() != null) {
                    System.out.printf("%s\tERROR\t%s%n", p.file(), p.error());
                    continue;
                }
                StringBuilder sb = new StringBuilder(p.file().toString());
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
}
