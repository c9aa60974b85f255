package dev.graft.cli;

import dev.graft.data.DataConfig;
import dev.graft.job.StudyJob;
import dev.graft.model.HeadSpec;
import dev.graft.study.StudyConfig;
import dev.graft.study.StudyPresets;
import dev.graft.train.TrainConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft study}: what transfer learning and fine-tuning buy, measured on your data. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Train every strategy × labeled-images-per-class × seed on the same data, score all on one "
                + "held-out test set, and write study.json, PNG plots and a self-contained report.html.")
final class StudyCommand implements Callable<Integer> {
    @Option(names = "--preset", paramLabel = "NAME", description = "fashion-mnist: the Fashion-MNIST transfer task in "
            + "full; flags given beside it override it.")
    String preset;

    @Mixin
    Flags.Data data = Flags.Data.note("the preset's; needed without one");

    @Option(names = "--classes", paramLabel = "IDS", description = "Fashion-MNIST class ids, e.g. 5-9 (default all).")
    String classes;

    @Option(names = "--model", paramLabel = "ARCH", description = "Architecture (graft models lists them).")
    String model;

    @Option(names = "--weights", paramLabel = "SRC", description = "Pretrained weights: a file or a registry tag.")
    String weights;

    @Option(names = "--sizes", paramLabel = "N,N,..", description = "Labeled training images per class, e.g. "
            + "5,10,50,all (default 5,10,50).")
    String sizes;

    @Option(names = "--strategies", paramLabel = "S,S,..", description = "Any of scratch, linear-probe, partial:K, "
            + "fine-tune and the other strategies graft train knows (default scratch,linear-probe,partial:2,fine-tune).")
    String strategies;

    @Option(names = "--seeds", description = "Seeds per strategy and size (default 3).")
    Integer seeds;

    /** The first seed; it also draws the shared validation and test sets. */
    @Mixin
    Flags.Seed seed = new Flags.Seed();

    /** The folder for study.json, plots/ and report.html. */
    @Mixin
    Flags.Out out = Flags.Out.note("required");

    @Option(names = "--resume", description = "Continue the study in --out: finished cells are kept, not rerun.")
    boolean resume;

    @Mixin
    Flags.Force force;

    /** Epochs per cell. */
    @Mixin
    Flags.Epochs epochs = new Flags.Epochs();

    @Option(names = "--max-steps", description = "Cap each training phase at about this many optimizer steps, "
            + "0 = no cap (default 0; the fashion-mnist preset uses 300).")
    Integer maxSteps;

    @Option(names = "--head-steps", description = "Phases that train only the head on cached features run at "
            + "least this many steps (default 300).")
    Integer headSteps;

    @Option(names = "--batch-size", description = "Images per step (default 16).")
    Integer batchSize;

    /** The peak learning rate of the transfer strategies. */
    @Mixin
    Flags.Lr lr = new Flags.Lr();

    @Option(names = "--scratch-lr", description = "Peak learning rate of scratch (default 2e-3).")
    Float scratchLr;

    @Option(names = "--peft-lr", description = "Peak learning rate of lora, bitfit and adapter, which train few weights (default 3e-3).")
    Float peftLr;

    @Option(names = "--head-epochs", description = "fine-tune: head-only epochs first (default 10).")
    Integer headEpochs;

    @Option(names = "--patience", description = "Early-stopping patience in epochs, 0 = off (default 10).")
    Integer patience;

    @Option(names = "--val-per-class", description = "Validation images per class, shared by every cell (default 10).")
    Integer valPerClass;

    @Option(names = "--test-per-class", description = "Test images per class, 0 = the whole test set (default 0; "
            + "the fashion-mnist preset uses 200).")
    Integer testPerClass;

    @Option(names = "--dropout", description = "Dropout in the new head (default 0.2).")
    Float dropout;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        StudyConfig config = toConfig();
        StudyProgress progress = new StudyProgress(System.err);
        StudyJob.Outcome o = StudyJob.run(config, List.of(progress), () -> List.of(progress));
        if (common.json) {
            Printing.json(o.summary());
            return 0;
        }
        System.out.println();
        System.out.print(o.summary().table());
        System.out.printf("%nstudy.json  %s%nreport      %s%nplots       %s%n", o.json(), o.report().html(),
                o.report().html().resolveSibling("plots"));
        if (!o.complete()) {
            System.out.printf("%d cells still to run: add --resume to finish the study%n",
                    config.cells().size() - config.cells().stream().filter(c -> o.record().cell(c.key()) != null)
                            .count());
        }
        return 0;
    }

    StudyConfig toConfig() {
        // flags override the preset (or the defaults) only when given
        Path dir = out.path();
        StudyConfig.Builder b = preset != null ? StudyPresets.get(preset, dir) : StudyConfig.builder().setOut(dir);
        if (data.given()) {
            b.setData(data.value());
        }
        if (classes != null) {
            b.optClasses(DataConfig.parseClasses(classes));
        }
        if (model != null) {
            b.setModel(model);
        }
        if (weights != null) {
            b.optWeights(weights);
        }
        if (sizes != null) {
            b.optSizes(StudyConfig.parseSizes(sizes));
        }
        if (strategies != null) {
            b.optStrategies(Arrays.stream(strategies.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        set(seeds, b::optSeeds);
        set(seed.ifGiven(), b::optSeed);
        set(maxSteps, b::optMaxSteps);
        set(headSteps, b::optHeadSteps);
        set(scratchLr, b::optScratchLr);
        set(peftLr, b::optPeftLr);
        set(headEpochs, b::optHeadEpochs);
        set(valPerClass, b::optValPerClass);
        set(testPerClass, b::optTestPerClass);
        if (dropout != null) {
            b.optHead(new HeadSpec(0, dropout));
        }
        TrainConfig.Builder t = b.train().toBuilder();
        set(epochs.ifGiven(), t::epochs);
        set(batchSize, t::batchSize);
        set(lr.floatIfGiven(), t::lr);
        set(patience, t::patience);
        return b.optTrain(t.build()).optThreads(common.effectiveThreads()).optResume(resume).optForce(force.value()).build();
    }

    private static <T> void set(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
