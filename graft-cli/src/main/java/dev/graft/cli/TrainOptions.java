package dev.graft.cli;

import dev.graft.data.DataConfig;
import dev.graft.job.TrainRequest;
import dev.graft.model.HeadSpec;
import dev.graft.model.PretrainedSpecs;
import dev.graft.nn.BnPolicy;
import dev.graft.peft.PeftConfig;
import dev.graft.recipe.Strategy;
import dev.graft.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags shared by train, pretrain and the commands built on training. */
final class TrainOptions {
    @Mixin
    Flags.Data data = Flags.Data.note("none; needed unless --resume");

    @Option(names = "--classes", paramLabel = "IDS", description = "Fashion-MNIST class ids, e.g. 5-9 or 0,2,4 (default all).")
    String classes;

    @Option(names = "--per-class", description = "Training images per class (default all).")
    int perClass;

    @Option(names = "--val-per-class",
            description = "Validation images per class (default: 100 for fashion-mnist, else --val-fraction).")
    int valPerClass;

    @Option(names = {"--val-fraction", "--val-split"}, description = "Share of each class held out when a folder has no val/ (default ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--model", paramLabel = "ARCH", description = "Architecture (graft models lists them); default: the one the --weights tag names.")
    String model;

    @Option(names = "--weights", paramLabel = "SRC", description = "Pretrained weights: a .safetensors file or a registry tag.")
    String weights;

    @Option(names = "--strategy",
            description = "scratch, linear-probe, partial:K, fine-tune, lora, bitfit or adapter (default ${DEFAULT-VALUE}).")
    String strategy;

    @Mixin
    Flags.Epochs epochs = new Flags.Epochs();

    @Option(names = "--head-epochs", description = "fine-tune: head-only epochs first (default ${DEFAULT-VALUE}).")
    int headEpochs;

    @Option(names = "--lr-mult", description = "fine-tune: the stem's learning rate relative to the head's; stages in between spread geometrically (default ${DEFAULT-VALUE}).")
    float lrMult;

    @Option(names = "--batch-size", description = "Images per step (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    Flags.Lr lr = new Flags.Lr();

    @Option(names = "--optimizer", description = "adamw or sgd (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--momentum", description = "SGD momentum / Adam beta1 (default ${DEFAULT-VALUE}).")
    float momentum;

    @Option(names = "--weight-decay", description = "Decoupled weight decay, not on biases or norms (default ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = {"--warmup-epochs", "--warmup"}, description = "Warmup epochs (default ${DEFAULT-VALUE}).")
    float warmupEpochs;

    @Option(names = "--schedule", description = "cosine or constant after warmup, or onecycle (its own warmup) (default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--label-smoothing", description = "Label smoothing (default ${DEFAULT-VALUE}).")
    float labelSmoothing;

    @Option(names = "--head", description = "linear or mlp:H (default ${DEFAULT-VALUE}).")
    String head;

    @Option(names = "--dropout", description = "Dropout in the head (default ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--patience", description = "Early stopping patience in epochs of no improvement of --monitor, 0 = off (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = {"--bn-policy", "--bn"}, description = "BatchNorm policy: train, freeze-stats or freeze-all (default ${DEFAULT-VALUE}).")
    String bnPolicy;

    @Mixin
    AugmentOptions augment;

    @Mixin
    CraftOptions craft;

    @Option(names = "--grad-clip", description = "Clip the gradient norm to this, 0 = off (default ${DEFAULT-VALUE}).")
    float gradClip;

    @Mixin
    Flags.Seed seed = new Flags.Seed();

    @Mixin
    Flags.Out out = Flags.Out.note("none; needed unless --resume");

    @Option(names = "--lora-rank", description = "lora: rank r of each update B·A (default ${DEFAULT-VALUE}).")
    int loraRank;

    @Option(names = "--lora-alpha", description = "lora: the update is scaled by alpha/r (default ${DEFAULT-VALUE}).")
    float loraAlpha;

    @Option(names = "--lora-targets", split = ",", paramLabel = "GLOB",
            description = "lora: layers to adapt, as module-path globs (* = one path segment, ** = any), e.g. "
                    + "layer4.*.conv*; default: ResNets the block convolutions of layer3 and layer4, ViTs the attention "
                    + "output and MLP layers, others every Linear/Conv2d of the top two stages.")
    List<String> loraTargets;

    @Option(names = "--adapter-reduction",
            description = "adapter: squeeze C channels to max(4, C/reduction) (default ${DEFAULT-VALUE}).")
    int adapterReduction;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Also checkpoint every N steps inside an epoch (default: at epoch ends only).")
    int checkpointEvery;

    @Mixin
    Flags.Force force;

    @Option(names = "--torchscript", paramLabel = "FILE",
            description = "With --resume: the TorchScript program of a run trained with --model torchscript:FILE#CLS "
                    + "(it must have the sha256 the run recorded). With --resume, --weights likewise names the "
                    + "weights the run started from when they are a local file.")
    Path torchscript;

    @Option(names = "--strict", description = "Refuse weights whose head does not fit instead of replacing it.")
    boolean strict;

    TrainRequest toRequest(int threads) {
        if (!data.given()) {
            throw new Main.UserError("give --data DIR|fashion-mnist");
        }
        String arch = model;
        if (arch == null && weights != null) {
            arch = PretrainedSpecs.find(weights).map(s -> s.arch()).orElse(null);
        }
        if (arch == null) {
            throw new Main.UserError("give --model ARCH (graft models lists them)");
        }
        TrainConfig cfg = TrainConfig.builder().optEpochs(epochs.value()).optBatchSize(batchSize).optLr(lr.floatValue())
                .optOptimizer(parseOptimizer(optimizer)).optMomentum(momentum).optWeightDecay(weightDecay).optWarmupEpochs(warmupEpochs)
                .optSchedule(parseSchedule(schedule)).optLabelSmoothing(labelSmoothing).optPatience(patience)
                .optBnPolicy(BnPolicy.parse(bnPolicy)).optSeed(seed.value()).optGradClip(gradClip).build();
        cfg = craft.applyTo(cfg.toBuilder()).build();
        DataConfig dc = new DataConfig(data.value(), DataConfig.parseClasses(classes), perClass, valPerClass, valFraction,
                seed.value(), threads);
        PeftConfig peft = new PeftConfig(loraRank, loraAlpha, loraTargets == null ? List.of() : loraTargets,
                adapterReduction);
        return new TrainRequest(dc, arch, weights, Strategy.parse(strategy), cfg, HeadSpec.parse(head, dropout),
                augment.toAugment(), headEpochs, lrMult, out.pathIfGiven(), force.value(), strict, threads, null,
                craft.tuning(), craft.tta, craft.trainableReport, peft, checkpointEvery);
    }

    /** --data and --out are required unless a command resumes a run. */
    void requireDataAndOut() {
        data.value();
        out.value();
    }

    static TrainConfig.Optim parseOptimizer(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "adamw", "adam" -> TrainConfig.Optim.ADAMW;
            case "sgd" -> TrainConfig.Optim.SGD;
            default -> throw new Main.UserError("unknown optimizer '" + s + "': use adamw or sgd");
        };
    }

    static TrainConfig.Schedule parseSchedule(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "cosine" -> TrainConfig.Schedule.COSINE;
            case "constant" -> TrainConfig.Schedule.CONSTANT;
            case "onecycle", "one-cycle" -> TrainConfig.Schedule.ONECYCLE;
            default -> throw new Main.UserError("unknown schedule '" + s + "': use cosine, constant or onecycle");
        };
    }
}
