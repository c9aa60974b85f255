package dev.graft.cli;

import dev.graft.job.DemoJob;
import dev.graft.train.ConsoleProgress;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft demo}: the embedded default, end to end. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Fashion-MNIST transfer: classes 5-9 from a few labeled images, from scratch and from two bundled "
                + "backbones (self-supervised on Fashion-MNIST; supervised on garments 0-4): scratch vs linear-probe vs "
                + "partial vs fine-tune.")
final class DemoCommand implements Callable<Integer> {
    /** The folder for the runs. */
    @Mixin
    Flags.Out out = new Flags.Out("runs/demo");

    @Option(names = "--per-class", description = "Labeled training images per class (default ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--val-per-class", description = "Labeled validation images per class (default ${DEFAULT-VALUE}).")
    int valPerClass;

    @Mixin
    Flags.Seed seed = new Flags.Seed();

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        System.err.printf("Graft demo: Fashion-MNIST classes 5-9 (Sandal, Shirt, Sneaker, Bag, Ankle boot), %d labeled"
                + " training + %d validation images per class; backbones %s (self-supervised on Fashion-MNIST's training"
                + " images, no labels) and %s (supervised on classes 0-4).%n", perClass, valPerClass,
                dev.graft.model.PretrainedSpecs.DEFAULT_BACKBONE, dev.graft.model.PretrainedSpecs.FMNIST_SOURCE);
        List<DemoJob.Row> rows = DemoJob.run(new DemoJob.Request(out.path(), perClass, valPerClass, seed.value(),
                common.effectiveThreads()), () -> List.of(new ConsoleProgress(System.err)));
        if (common.json) {
            Printing.json(rows);
            return 0;
        }
        System.out.printf("%nFashion-MNIST transfer, %d labeled images per class, scored on 5,000 test images%n%n",
                perClass);
        System.out.printf("%-28s %-14s %10s %12s %22s%n", "backbone", "strategy", "test acc", "train time",
                "trainable params");
        for (DemoJob.Row r : rows) {
            System.out.printf("%-28s %-14s %9.1f%% %11.1fs %13s / %,d%s%n", r.backbone(), r.strategy(),
                    100 * r.testAccuracy(),
                    r.seconds(), String.format("%,d", r.trainable()), r.total(),
                    r.featuresCached() ? "  (cached features)" : "");
        }
        System.out.printf("%nruns written to %s%n", out.path());
        dev.graft.job.DemoStudy.run(out.path().resolve("study"), seed.value(), common.effectiveThreads(),
                new StudyProgress(System.err), System.out);
        return 0;
    }
}
