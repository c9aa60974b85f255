package dev.graft.study;

import dev.graft.check.Checks;
import dev.graft.engine.Engines;
import dev.graft.model.HeadSpec;
import dev.graft.recipe.Strategy;
import dev.graft.run.OutputFolder;
import dev.graft.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a study runs. Build it with {@link #builder()}: {@code setData}, {@code setModel} and
 * {@code setOut} are required; every {@code optX} states its default.
 *
 * @param data an ImageFolder directory or {@code fashion-mnist}
 * @param classes Fashion-MNIST class ids to use, relabelled 0..k-1 (null = all ten)
 * @param arch architecture name
 * @param weights pretrained weights (file or tag); null only when every strategy is scratch
 * @param sizes labeled training images per class, one column of the grid each (0 = all)
 * @param strategies strategy names, each accepted by {@link Strategy#parse}
 * @param seeds how many seeds every (strategy, size) pair runs with
 * @param seed the first seed; seed i of the grid is {@code seed + i}, and the shared validation
 *     and test sets are drawn with {@code seed}
 * @param valPerClass labeled validation images per class, shared by every cell, for early stopping
 * @param testPerClass test images per class (0 = the whole test set)
 * @param testFraction share of each class held out for testing when a folder has no {@code test/}
 * @param train training options shared by every cell; its seed is replaced by the cell's
 * @param scratchLr the learning rate of scratch cells, which start from random weights
 * @param peftLr the learning rate of lora, bitfit and adapter cells: they train few weights, from
 *     a zero or identity start, and underfit at the full network's rate
 * @param headEpochs fine-tune's head-only epochs before unfreezing
 * @param lrMult fine-tune's stem learning rate relative to the head's
 * @param head the new head every cell gets
 * @param maxSteps caps each phase that trains the backbone at about this many optimizer steps by
 *     lowering its epochs (0 = no cap)
 * @param headSteps phases that train only the head, on cached features, run at least this many
 *     steps by raising their epochs: they cost almost nothing, and a few-shot head otherwise
 *     stops short of fitting (0 = no minimum)
 * @param threads libtorch and image-decoding threads
 * @param out the study folder
 * @param resume continue the study already in {@code out}
 * @param force start over, replacing a study already in {@code out}
 */
public record StudyConfig(String data, int[] classes, String arch, String weights, List<Integer> sizes,
        List<String> strategies, int seeds, long seed, int valPerClass, int testPerClass, double testFraction,
        TrainConfig train, float scratchLr, float peftLr, int headEpochs, float lrMult, HeadSpec head, int maxSteps,
        int headSteps, int threads, Path out, boolean resume, boolean force) {
    /** The first seed of a study unless told otherwise. */
    public static final long DEFAULT_SEED = 42;
    /** Epochs per cell unless told otherwise. */
    public static final int DEFAULT_EPOCHS = 30;
    /** The transfer strategies' peak learning rate unless told otherwise. */
    public static final float DEFAULT_LR = 1e-3f;

    /** The same study written into another folder (a staging folder while it replaces one, say). */
    public StudyConfig withOut(Path dir) {
        return new StudyConfig(data, classes, arch, weights, sizes, strategies, seeds, seed, valPerClass, testPerClass,
                testFraction, train, scratchLr, peftLr, headEpochs, lrMult, head, maxSteps, headSteps, threads, dir,
                resume, force);
    }

    /** The peak learning rate of a strategy's cells: scratch, parameter-efficient, or the shared one. */
    public float lrFor(Strategy s) {
        return !s.usesPretrained() ? scratchLr : s.peftMethod() != null ? peftLr : train.lr();
    }

    /** The strategies the grid runs, parsed. */
    public List<Strategy> parsedStrategies() {
        return strategies.stream().map(Strategy::parse).toList();
    }

    /** The grid's cells: seed outermost, so a study stopped early still covers every size and strategy. */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            for (int size : sizes) {
                for (String s : strategies) {
                    cells.add(new Cell(s, size, seed + i));
                }
            }
        }
        return cells;
    }

    /** Epochs for a phase that trains the backbone on {@code trainImages} images, after the {@link #maxSteps} cap. */
    public int epochsFor(int trainImages) {
        if (maxSteps <= 0) {
            return train.epochs();
        }
        return Math.max(1, Math.min(train.epochs(), Math.round((float) maxSteps / stepsPerEpoch(trainImages))));
    }

    /** Epochs for a head-only phase that would otherwise run {@code epochs}: at least {@link #headSteps} steps. */
    public int headEpochsFor(int trainImages, int epochs) {
        int spe = stepsPerEpoch(trainImages);
        return Math.max(epochs, (headSteps + spe - 1) / spe);
    }

    private int stepsPerEpoch(int trainImages) {
        return Math.max(1, (trainImages + train.batchSize() - 1) / train.batchSize());
    }

    /** The settings a resumed study must share with the stored one, as text by name. */
    public Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("classes", classes == null ? "all" : java.util.Arrays.toString(classes));
        m.put("model", arch);
        m.put("seed", Long.toString(seed));
        m.put("valPerClass", Integer.toString(valPerClass));
        m.put("testPerClass", Integer.toString(testPerClass));
        m.put("testFraction", Double.toString(testFraction));
        m.put("train", train.toBuilder().optSeed(0).build().toString());
        m.put("scratchLr", Float.toString(scratchLr));
        if (parsedStrategies().stream().anyMatch(st -> st.peftMethod() != null)) {
            m.put("peftLr", Float.toString(peftLr)); // only then: older studies without PEFT cells still resume
        }
        m.put("headEpochs", Integer.toString(headEpochs));
        m.put("lrMult", Float.toString(lrMult));
        m.put("head", head.describe());
        m.put("maxSteps", Integer.toString(maxSteps));
        m.put("headSteps", Integer.toString(headSteps));
        return m;
    }

    /** Parses {@code 5,10,50,all}. */
    public static List<Integer> parseSizes(String s) {
        List<Integer> out = new ArrayList<>();
        for (String part : s.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            int v;
            try {
                v = p.equals("all") ? 0 : Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad `sizes` '" + s + "': use images per class like 5,10,50,all");
            }
            if (v < 0 || (v == 0 && !p.equals("all"))) {
                throw new IllegalArgumentException("bad `sizes` '" + s + "': sizes are at least 1 (or 'all')");
            }
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; {@link #build()} checks the combination. */
    public static final class Builder {
        private String data;
        private int[] classes;
        private String arch;
        private String weights;
        private List<Integer> sizes = List.of(5, 10, 50);
        private List<String> strategies = List.of("scratch", "linear-probe", "partial:2", "fine-tune");
        private int seeds = 3;
        private long seed = DEFAULT_SEED;
        private int valPerClass = 10;
        private int testPerClass;
        private double testFraction = 0.2;
        private TrainConfig train = TrainConfig.builder().optEpochs(DEFAULT_EPOCHS).optBatchSize(16).optLr(DEFAULT_LR).optWarmupEpochs(2)
                .optPatience(10).build();
        private float scratchLr = 2e-3f;
        private float peftLr = 3e-3f;
        private int headEpochs = 10;
        private float lrMult = 0.1f;
        private HeadSpec head = new HeadSpec(0, 0.2f);
        private int maxSteps;
        private int headSteps = 300;
        private int threads = 1;
        private Path out;
        private boolean resume;
        private boolean force;

        /** Required: an ImageFolder directory or {@code fashion-mnist}. */
        public Builder setData(String v) { data = v; return this; }
        /** Required: the architecture. */
        public Builder setModel(String v) { arch = v; return this; }
        /** Required: the study folder. */
        public Builder setOut(Path v) { out = v; return this; }
        /** Fashion-MNIST class ids (default all ten). */
        public Builder optClasses(int[] v) { classes = v; return this; }
        /** Pretrained weights (default none: only scratch can run). */
        public Builder optWeights(String v) { weights = v; return this; }
        /** Images per class, 0 = all (default 5, 10, 50). */
        public Builder optSizes(List<Integer> v) { sizes = List.copyOf(v); return this; }
        /** Strategy names (default scratch, linear-probe, partial:2, fine-tune). */
        public Builder optStrategies(List<String> v) { strategies = List.copyOf(v); return this; }
        /** Seeds per pair (default 3). */
        public Builder optSeeds(int v) { seeds = v; return this; }
        /** First seed (default 42). */
        public Builder optSeed(long v) { seed = v; return this; }
        /** Validation images per class (default 10). */
        public Builder optValPerClass(int v) { valPerClass = v; return this; }
        /** Test images per class, 0 = all (default all). */
        public Builder optTestPerClass(int v) { testPerClass = v; return this; }
        /** Test share of a folder without {@code test/} (default 0.2). */
        public Builder optTestFraction(double v) { testFraction = v; return this; }
        /** Training options (default 30 epochs, batch 16, lr 1e-3, 2 warmup epochs, patience 10, else TrainConfig's). */
        public Builder optTrain(TrainConfig v) { train = v; return this; }
        /** Scratch's learning rate (default 2e-3). */
        public Builder optScratchLr(float v) { scratchLr = v; return this; }

        public Builder optPeftLr(float v) { peftLr = v; return this; }
        /** Fine-tune's head epochs (default 10). */
        public Builder optHeadEpochs(int v) { headEpochs = v; return this; }
        /** Fine-tune's stem learning-rate multiplier (default 0.1). */
        public Builder optLrMult(float v) { lrMult = v; return this; }
        /** The new head (default linear, dropout 0.2). */
        public Builder optHead(HeadSpec v) { head = v; return this; }
        /** Step cap per phase (default 0 = none). */
        public Builder optMaxSteps(int v) { maxSteps = v; return this; }
        /** Minimum steps of head-only phases (default 300). */
        public Builder optHeadSteps(int v) { headSteps = v; return this; }
        /** Threads (default 1). */
        public Builder optThreads(int v) { threads = v; return this; }
        /** Continue the study in the folder (default false). */
        public Builder optResume(boolean v) { resume = v; return this; }
        /** Replace the study in the folder (default false). */
        public Builder optForce(boolean v) { force = v; return this; }

        /** The training options set so far, to adjust one of them. */
        public TrainConfig train() {
            return train;
        }

        public StudyConfig build() {
            require(data != null && !data.isBlank(), "give `data` DIR|fashion-mnist");
            require(arch != null && !arch.isBlank(), "give `model` ARCH (graft models lists them)");
            require(out != null, "give `out` STUDY, the folder for study.json and the report");
            require(!sizes.isEmpty(), "`sizes` is empty: give images per class like 5,10,50,all");
            for (Integer z : sizes) {
                Checks.require(z != null && z >= 0, "sizes", "images per class >= 1 (or 0 = all)", z);
            }
            Checks.require(sizes.stream().distinct().count() == sizes.size(), "sizes", "distinct sizes", sizes);
            require(!strategies.isEmpty(), "`strategies` is empty: give e.g. scratch,linear-probe,fine-tune");
            Checks.range("seeds", seeds, 1, 1000);
            Checks.atLeast("valPerClass", valPerClass, 1);
            Checks.atLeast("testPerClass", testPerClass, 0);
            Checks.atLeast("epochs", train.epochs(), 1);
            Checks.positive("scratchLr", scratchLr);
            Checks.positive("peftLr", peftLr);
            Checks.atLeast("headEpochs", headEpochs, 0);
            Checks.range("lrMult", lrMult, 0, true, 1000, false);
            Checks.atLeast("maxSteps", maxSteps, 0);
            Checks.atLeast("headSteps", headSteps, 0);
            Engines.checkThreads("threads", threads, false);
            OutputFolder.checkOut(out);
            require(!(resume && force), "`resume` and `force` contradict each other: give one");
            Checks.range("testFraction", testFraction, 0, true, 1, true);
            List<String> names = new ArrayList<>();
            for (String s : strategies) {
                Strategy st = Strategy.parse(s);
                require(!names.contains(st.toString()), "`strategies` names " + st + " twice");
                names.add(st.toString());
                require(!st.usesPretrained() || weights != null, "strategy " + st + " starts from pretrained "
                        + "weights: give `weights` FILE|TAG, or run only scratch");
            }
            return new StudyConfig(data, classes, arch, weights, sizes, names, seeds, seed, valPerClass,
                    testPerClass, testFraction, train, scratchLr, peftLr, headEpochs, lrMult, head, maxSteps, headSteps, threads,
                    out, resume, force);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
