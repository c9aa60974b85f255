package dev.graft;

import dev.graft.data.Augment;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.job.TrainJob;
import dev.graft.job.TrainRequest;
import dev.graft.job.TrainSummary;
import dev.graft.job.Trusted;
import dev.graft.model.Architectures;
import dev.graft.model.HeadSpec;
import dev.graft.model.PretrainedSpec;
import dev.graft.model.PretrainedSpecs;
import dev.graft.model.TorchScriptNetwork;
import dev.graft.peft.PeftConfig;
import dev.graft.recipe.Recipes;
import dev.graft.recipe.Strategy;
import dev.graft.recipe.Tuning;
import dev.graft.run.RunException;
import dev.graft.source.DataSource;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A training run, configured and checked: the data, the network and its pretrained weights, the
 * strategy and the training options. {@link #fit} runs it through the same job as
 * {@code graft train}, so a run made here and one made on the command line with the same settings
 * are the same run. Build one with {@link Graft#fineTune} or {@link #builder()}.
 */
public final class FineTuning {
    /** The strategy unless set: the head first, then everything with layer-wise learning rates. */
    public static final Strategy DEFAULT_STRATEGY = Strategy.FINE_TUNE;
    private final DataSource data;
    private final String arch;
    private final String weights;
    private final Strategy strategy;
    private final TrainConfig train;
    private final int headEpochs;
    private final float lrMult;
    private final HeadSpec head;
    private final Augment augment;
    private final Tuning tuning;
    private final PeftConfig peft;
    private final Preprocess preprocess;
    private final boolean strict;
    private final boolean tta;
    private final int threads;
    private final Path runDir;
    private final List<TrainListener> listeners;

    private FineTuning(Builder b, String arch) {
        this.data = b.data;
        this.arch = arch;
        this.weights = b.weights;
        this.strategy = b.strategy;
        this.train = b.train.build();
        this.headEpochs = b.headEpochs;
        this.lrMult = b.lrMult;
        this.head = b.head;
        this.augment = b.augment;
        this.tuning = b.tuning;
        this.peft = b.peft;
        this.preprocess = b.preprocess;
        this.strict = b.strict;
        this.tta = b.tta;
        this.threads = b.threads;
        this.runDir = b.runDir;
        this.listeners = List.copyOf(b.listeners);
    }

    /**
     * A builder with every option at its default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The request {@code graft train} would run for these settings, writing to {@code out}.
     *
     * @param out the run folder
     * @return the training request
     */
    public TrainRequest toRequest(Path out) {
        return new TrainRequest(data.toDataConfig(train.seed(), threads), arch, weights, strategy, train, head, augment,
                headEpochs, lrMult, out, false, strict, threads, preprocess, tuning, tta, false, peft, 0);
    }

    /**
     * Trains, evaluates on the validation (and, where the data has them, test) images, and writes
     * the run folder: the folder given to {@link Builder#optOut}, or a temporary one that the
     * model deletes when it closes (keep it with {@link TrainedModel#save}).
     *
     * @return the trained model, holding the best weights training saw; close it to free them
     * @throws dev.graft.train.TrainingException when the loss stops being finite
     * @throws RunException when the run folder cannot be written
     */
    public TrainedModel fit() {
        boolean temporary = runDir == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("graft-run-") : runDir;
        } catch (IOException e) {
            throw new RunException("cannot create a temporary run folder (" + e.getMessage() + "); give one with "
                    + "optOut");
        }
        try {
            Engines.start(threads);
            TrainSummary s = TrainJob.run(toRequest(dir), data.open(train.seed(), threads), listeners);
            return TrainedModel.trained(s.run().dir(), trusted(), threads, temporary);
        } catch (RuntimeException e) {
            if (temporary) {
                TrainedModel.deleteTree(dir);
            }
            throw e;
        }
    }

    /**
     * What reopening the run needs named, as the user named it here: the base weights of a
     * parameter-efficient run, and the TorchScript program of an architecture cut from one.
     */
    private Trusted trusted() {
        Path script = null;
        if (arch.startsWith(TorchScriptNetwork.PREFIX) && arch.lastIndexOf('#') > TorchScriptNetwork.PREFIX.length()) {
            script = Path.of(arch.substring(TorchScriptNetwork.PREFIX.length(), arch.lastIndexOf('#')));
        }
        return new Trusted(strategy.peftMethod() != null ? weights : null, script);
    }

    @Override
    public String toString() {
        return "FineTuning " + strategy + " of " + arch + (weights == null ? "" : " (" + weights + ")") + " on " + data;
    }

    /**
     * Builds a {@link FineTuning}. {@link #setData} is required; {@link #setWeights} for every
     * strategy but scratch; {@link #setModel} unless the weights are a registry tag, which names its
     * architecture. Everything else is optional and states its default.
     */
    public static final class Builder {
        private DataSource data;
        private String arch;
        private String weights;
        private Strategy strategy = DEFAULT_STRATEGY;
        private TrainConfig.Builder train = TrainConfig.builder();
        private int headEpochs = Recipes.DEFAULT_HEAD_EPOCHS;
        private float lrMult = Recipes.DEFAULT_LR_MULT;
        private HeadSpec head = HeadSpec.DEFAULT;
        private Augment augment = Augment.NONE;
        private Tuning tuning = Tuning.NONE;
        private PeftConfig peft = PeftConfig.DEFAULTS;
        private Preprocess preprocess;
        private boolean strict;
        private boolean tta;
        private int threads = Engines.defaultThreads();
        private Path runDir;
        private final List<TrainListener> listeners = new ArrayList<>();

        private Builder() {}

        /**
         * The labeled images to train on.
         *
         * @param data the data; required
         * @return this builder
         */
        public Builder setData(DataSource data) {
            this.data = data;
            return this;
        }

        /**
         * The architecture ({@code graft models} lists them), such as {@code resnet18}.
         *
         * @param arch the architecture name; required unless {@link #setWeights} is a registry tag
         * @return this builder
         */
        public Builder setModel(String arch) {
            this.arch = arch;
            return this;
        }

        /**
         * The pretrained weights to start from: a registry tag such as {@code resnet18.tv_in1k}
         * (which also names the architecture and the preprocessing), a {@code .safetensors} or
         * {@code .pth} file, an {@code https://} URL or {@code hf://org/repo}.
         *
         * @param weights the weights; required for every strategy but scratch
         * @return this builder
         */
        public Builder setWeights(String weights) {
            this.weights = weights;
            return this;
        }

        /**
         * How much of the pretrained network changes.
         *
         * @param strategy the strategy; default {@link #DEFAULT_STRATEGY}, fine-tune: the head first, then
         *     everything with lower learning rates for lower stages
         * @return this builder
         */
        public Builder optStrategy(Strategy strategy) {
            this.strategy = strategy;
            return this;
        }

        /**
         * Every training option at once (optimizer, schedule, regularisation, early stopping, seed).
         * Replaces what {@link #optEpochs}, {@link #optLr}, {@link #optBatchSize} and
         * {@link #optSeed} set before this call; call those after it to change single options.
         *
         * @param config the options; default {@code TrainConfig.builder().build()}, whose javadoc
         *     states each default
         * @return this builder
         */
        public Builder optTrainConfig(TrainConfig config) {
            this.train = config.toBuilder();
            return this;
        }

        /**
         * Epochs of training (for fine-tune: of its second phase, after {@link #optHeadEpochs}).
         *
         * @param epochs epochs; default 10 ({@link TrainConfig})
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.train.optEpochs(epochs);
            return this;
        }

        /**
         * The peak learning rate of the head, after warmup.
         *
         * @param lr the rate; default 1e-3 ({@link TrainConfig})
         * @return this builder
         */
        public Builder optLr(float lr) {
            this.train.optLr(lr);
            return this;
        }

        /**
         * Images per optimizer step.
         *
         * @param batchSize images; default 32 ({@link TrainConfig})
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.train.optBatchSize(batchSize);
            return this;
        }

        /**
         * The seed of data order, splits, augmentation, dropout and new weights: the same seed gives
         * the same run on the CPU.
         *
         * @param seed the seed; default 42 ({@link TrainConfig})
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.train.optSeed(seed);
            return this;
        }

        /**
         * fine-tune's first phase: epochs that train only the new head on the frozen backbone.
         *
         * @param headEpochs epochs, 0 to skip the phase; default {@link Recipes#DEFAULT_HEAD_EPOCHS} (3)
         * @return this builder
         */
        public Builder optHeadEpochs(int headEpochs) {
            this.headEpochs = headEpochs;
            return this;
        }

        /**
         * fine-tune's second phase: the stem's learning rate relative to the head's; the stages in
         * between spread geometrically.
         *
         * @param lrMult a factor above 0, usually below 1; default {@link Recipes#DEFAULT_LR_MULT} (0.1)
         * @return this builder
         */
        public Builder optLrMult(float lrMult) {
            this.lrMult = lrMult;
            return this;
        }

        /**
         * The new classification head.
         *
         * @param head the head; default {@link HeadSpec#DEFAULT}, one Linear layer after dropout 0.2
         * @return this builder
         */
        public Builder optHead(HeadSpec head) {
            this.head = head;
            return this;
        }

        /**
         * Training-time augmentation.
         *
         * @param augment the augmentation; default {@link Augment#NONE}
         * @return this builder
         */
        public Builder optAugment(Augment augment) {
            this.augment = augment;
            return this;
        }

        /**
         * Stochastic depth, class balancing, layer-wise learning-rate decay, gradual unfreezing.
         *
         * @param tuning the tuning; default {@link Tuning#NONE}
         * @return this builder
         */
        public Builder optTuning(Tuning tuning) {
            this.tuning = tuning;
            return this;
        }

        /**
         * Options of LoRA, BitFit and adapters (used by those strategies only).
         *
         * @param peft the options; default {@link PeftConfig#DEFAULTS} (rank 8, alpha 16, the
         *     family's default targets, adapter reduction 8)
         * @return this builder
         */
        public Builder optPeft(PeftConfig peft) {
            this.peft = peft;
            return this;
        }

        /**
         * How images become network input, overriding what the weights (or data) bring.
         *
         * @param preprocess the preprocessing; default null: the weights' own, else Fashion-MNIST's
         *     for Fashion-MNIST, else ImageNet's at the architecture's input size
         * @return this builder
         */
        public Builder optPreprocess(Preprocess preprocess) {
            this.preprocess = preprocess;
            return this;
        }

        /**
         * Refuse weights whose head has another class count instead of replacing the head.
         *
         * @param strict true to refuse; default false
         * @return this builder
         */
        public Builder optStrict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * Score the final model with test-time augmentation (each image's probabilities averaged
         * with its mirror's).
         *
         * @param tta true to use it; default false
         * @return this builder
         */
        public Builder optTta(boolean tta) {
            this.tta = tta;
            return this;
        }

        /**
         * Threads for image decoding and for libtorch. libtorch takes its count the first time the
         * engine starts in a process.
         *
         * @param threads a count, at least 1; default {@code GRAFT_THREADS} when set, else every core
         * @return this builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Where the run folder is written while training, and stays.
         *
         * @param runDir a new or empty folder; default null: a temporary folder, deleted when the
         *     trained model closes
         * @return this builder
         */
        public Builder optOut(Path runDir) {
            this.runDir = runDir;
            return this;
        }

        /**
         * Adds a listener that hears every training event (progress, epochs, new best weights), such
         * as {@code new ConsoleProgress(System.err)}, the progress bar the command line shows.
         *
         * @param listener the listener; default none: training reports only through SLF4J
         * @return this builder
         */
        public Builder optListener(TrainListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Checks the settings and builds the run's configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the setting that is missing or out of range
         */
        public FineTuning build() {
            if (data == null) {
                throw new IllegalArgumentException("FineTuning: setData is required");
            }
            if (strategy == null) {
                throw new IllegalArgumentException("FineTuning: strategy must not be null");
            }
            if (strategy.usesPretrained() && weights == null) {
                throw new IllegalArgumentException("FineTuning: strategy " + strategy + " starts from pretrained "
                        + "weights: call setWeights(FILE|TAG), or optStrategy(Strategy.SCRATCH)");
            }
            String a = arch;
            if (a == null && weights != null) {
                a = PretrainedSpecs.find(weights).map(PretrainedSpec::arch).orElse(null);
            }
            if (a == null) {
                throw new IllegalArgumentException("FineTuning: setModel is required"
                        + (weights == null ? "" : ": the weights '" + weights + "' are not a registry tag that names "
                        + "its architecture"));
            }
            Architectures.get(a); // an unknown name fails here, before any data is read
            if (headEpochs < 0) {
                throw new IllegalArgumentException("FineTuning: headEpochs must be >= 0, got " + headEpochs);
            }
            if (!(lrMult > 0)) {
                throw new IllegalArgumentException("FineTuning: lrMult must be > 0, got " + lrMult);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("FineTuning: threads must be >= 1, got " + threads);
            }
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(augment, "augment");
            Objects.requireNonNull(tuning, "tuning");
            Objects.requireNonNull(peft, "peft");
            return new FineTuning(this, a);
        }

        /**
         * Shorthand for {@code build().fit()}.
         *
         * @return the trained model; close it to free its weights
         * @throws IllegalArgumentException naming the setting that is missing or out of range
         */
        public TrainedModel fit() {
            return build().fit();
        }
    }
}
