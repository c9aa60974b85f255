package dev.graft.cli;

import dev.graft.job.LrFindJob;
import dev.graft.train.LrFinder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft lr-find}: the learning-rate range test, with the flags of {@code graft train}. */
@Command(name = "lr-find", mixinStandardHelpOptions = true,
        description = {"Learning-rate range test: train briefly with an exponentially growing learning rate, plot the "
                + "loss against it (OUT/lr-find.png) and suggest a rate. The weights are left as they were.",
                "Takes the flags of graft train; --out is the folder for the plot and the CSV."})
final class LrFindCommand implements Callable<Integer> {
    @Mixin
    TrainOptions train;

    @Mixin
    CommonOptions common;

    @Option(names = "--steps", description = "Steps of the sweep (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--start-lr", description = "First learning rate (default ${DEFAULT-VALUE}).")
    double startLr;

    @Option(names = "--end-lr", description = "Last learning rate (default ${DEFAULT-VALUE}).")
    double endLr;

    @Override
    public Integer call() {
        LrFinder finder = LrFinder.builder().optSteps(steps).optStartLr(startLr).optEndLr(endLr).build();
        LrFindJob.Result r = LrFindJob.run(train.toRequest(common.effectiveThreads()), finder);
        LrFinder.Result f = r.finder();
        if (common.json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("suggestedLr", f.suggestion());
            out.put("rule", "minimum of the smoothed loss / 10");
            out.put("steepestLr", f.steepest());
            out.put("steps", f.points().size());
            out.put("stopReason", f.stopReason());
            out.put("plot", r.png().toString());
            out.put("csv", r.csv().toString());
            Printing.json(out);
            return 0;
        }
        System.out.printf("steps          %d (%s)%n", f.points().size(), f.stopReason());
        System.out.printf("trainable      %,d parameters%n", r.trainable());
        if (Double.isNaN(f.suggestion())) {
            System.out.println("suggested lr   none: too few steps recorded; raise --steps or --end-lr");
        } else {
            System.out.printf("suggested lr   %.2e  (minimum of the smoothed loss / 10)%n", f.suggestion());
            System.out.printf("steepest       %.2e  (where the smoothed loss falls fastest)%n", f.steepest());
        }
        System.out.printf("plot           %s%n", r.png());
        System.out.printf("curve          %s%n", r.csv());
        return 0;
    }
}
