package dev.graft.cli;

import dev.graft.recipe.Tuning;
import dev.graft.train.Balance;
import dev.graft.train.TrainConfig;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Regularisation, class balance and learning-rate craft flags of the training commands. */
final class CraftOptions {
    @Option(names = "--drop-path", paramLabel = "P",
            description = "Stochastic depth: residual branches dropped per sample, rate rising to P at the top block "
                    + "(default ${DEFAULT-VALUE} = off; e.g. 0.1).")
    float dropPath;

    @Option(names = {"--ema-decay", "--ema"}, paramLabel = "DECAY",
            description = "Keep an exponential moving average of the weights; validate, early-stop and save it "
                    + "(default ${DEFAULT-VALUE} = off; e.g. 0.999).")
    float emaDecay;

    @Option(names = "--monitor", paramLabel = "METRIC",
            description = "What picks the best epoch and early-stops: val_loss or val_acc (default ${DEFAULT-VALUE}).")
    String monitor;

    @Option(names = "--balance", paramLabel = "MODE",
            description = "Class imbalance: none, weighted (inverse-frequency loss weights) or sampler (balanced "
                    + "resampling each epoch) (default ${DEFAULT-VALUE}).")
    String balance;

    @Option(names = "--layer-decay", paramLabel = "D",
            description = "timm's layer-wise lr decay: a stage d stages below the head trains at lr x D^d "
                    + "(fine-tune, partial:K; default ${DEFAULT-VALUE} = off, --lr-mult applies instead).")
    float layerDecay;

    @Option(names = "--unfreeze-every", paramLabel = "N",
            description = "fine-tune: unfreeze one stage from the top every N epochs after the head epochs "
                    + "(default ${DEFAULT-VALUE} = all at once).")
    int unfreezeEvery;

    @Option(names = "--tta", description = "Score the final model with test-time augmentation (mean of the image and "
            + "its mirror).")
    boolean tta;

    @Option(names = "--trainable-report", description = "Print trainable and total parameters per stage before each "
            + "training phase.")
    boolean trainableReport;

    /** Adds the EMA and monitor choices to a training configuration. */
    TrainConfig.Builder applyTo(TrainConfig.Builder b) {
        return b.optEmaDecay(emaDecay).optMonitor(parseMonitor(monitor));
    }

    Tuning tuning() {
        return Tuning.builder().optDropPath(dropPath).optBalance(Balance.parse(balance)).optLayerDecay(layerDecay)
                .optUnfreezeEvery(unfreezeEvery).build();
    }

    static TrainConfig.Monitor parseMonitor(String s) {
        return switch (s.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "val_loss" -> TrainConfig.Monitor.VAL_LOSS;
            case "val_acc", "val_accuracy" -> TrainConfig.Monitor.VAL_ACC;
            default -> throw new Main.UserError("unknown --monitor '" + s + "': use val_loss or val_acc");
        };
    }
}
