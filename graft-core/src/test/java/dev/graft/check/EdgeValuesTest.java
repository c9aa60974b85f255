package dev.graft.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.data.Augment;
import dev.graft.data.ColorJitter;
import dev.graft.data.DataConfig;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.job.TrainRequest;
import dev.graft.model.HeadSpec;
import dev.graft.peft.PeftConfig;
import dev.graft.recipe.Strategy;
import dev.graft.recipe.Tuning;
import dev.graft.study.StudyConfig;
import dev.graft.train.LrFinder;
import dev.graft.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values that used to be accepted and failed later (NaN losses, "looks like a bug", hangs) are
 * refused where the library's records and builders are made, with one message form naming the
 * parameter, the range and the value: what Java callers and the CLI both see.
 */
class EdgeValuesTest {
    static Stream<Arguments> refused() {
        int over = Engines.maxThreads() + 1;
        return Stream.of(
                bad("`lr` must be finite and > 0, got Infinity", () -> TrainConfig.builder().lr(Float.POSITIVE_INFINITY)
                        .build()),
                bad("`weightDecay` must be finite and >= 0, got NaN", () -> TrainConfig.builder().weightDecay(Float.NaN)
                        .build()),
                bad("`emaDecay` must be in [0, 1), got NaN", () -> TrainConfig.builder().emaDecay(Float.NaN).build()),
                bad("`warmupEpochs` must be finite and >= 0, got -5.0", () -> TrainConfig.builder().warmupEpochs(-5)
                        .build()),
                bad("`patience` must be >= 0, got -1", () -> TrainConfig.builder().patience(-1).build()),
                bad("`momentum` must be in [0, 1), got 1.0", () -> TrainConfig.builder().momentum(1).build()),
                bad("`gradClip` must be finite and >= 0, got NaN", () -> TrainConfig.builder().gradClip(Float.NaN)
                        .build()),
                bad("`batchSize` must be in [1, 65536], got 0", () -> TrainConfig.builder().batchSize(0).build()),
                bad("`dropout` must be in [0, 1), got NaN", () -> new HeadSpec(0, Float.NaN)),
                bad("`hidden` must be in [0, 65536], got 3000000000", () -> HeadSpec.parse("mlp:3000000000", 0)),
                bad("`hidden` must be in [0, 65536], got 100000", () -> new HeadSpec(100_000, 0)),
                bad("`loraRank` must be in [1, 4096], got 2000000000", () -> new PeftConfig(2_000_000_000, 16, List.of(), 8)),
                bad("`loraAlpha` must be in (0, 1000000], got NaN", () -> new PeftConfig(8, Float.NaN, List.of(), 8)),
                bad("`valFraction` must be in (0, 1), got 1.5", () -> data(0, 1.5, 1)),
                bad("`perClass` must be >= 0, got -1", () -> data(-1, 0.2, 1)),
                bad("`threads` must be in [1, " + Engines.maxThreads() + "]", () -> data(0, 0.2, over)),
                bad("`classes` must be in [0, 9], got 2000000000", () -> DataConfig.parseClasses("0-2000000000")),
                bad("`classes` must be distinct ids", () -> DataConfig.parseClasses("3,3")),
                bad("`std` must be in [1.0e-6, 1000], got 0.0", () -> new Preprocess(28, 28, Preprocess.FMNIST_MEAN,
                        new float[] {0.3f, 0f, 0.3f})),
                bad("`mean` must be in [-1000, 1000], got NaN", () -> new Preprocess(28, 28,
                        new float[] {Float.NaN, 0, 0}, Preprocess.FMNIST_STD)),
                bad("`size` must be in [1, 2048], got 100000", () -> new Preprocess(100_000, 100_000,
                        Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD)),
                bad("`erasing` must be in [0, 1], got NaN", () -> Augment.builder().erasing(Float.NaN).build()),
                bad("`mixup` must be in [0, 100], got NaN", () -> Augment.builder().mixup(Float.NaN).build()),
                bad("`brightness` must be in [0, 10], got NaN", () -> new ColorJitter(Float.NaN, 0, 0, 0)),
                bad("`dropPath` must be in [0, 1), got NaN", () -> Tuning.builder().dropPath(Float.NaN).build()),
                bad("`layerDecay` must be in [0, 1], got NaN", () -> Tuning.builder().layerDecay(Float.NaN).build()),
                bad("`headEpochs` must be >= 0, got -1", () -> request(-1, 0.1f, Path.of("run"))),
                bad("`lrMult` must be in (0, 1000], got NaN", () -> request(1, Float.NaN, Path.of("run"))),
                bad("`out` must be a folder path (not empty), got ''", () -> request(1, 0.1f, Path.of(""))),
                bad("`threads` must be in [0, " + Engines.maxThreads() + "]", () -> Engines.effectiveThreads(over)),
                bad("`threads` must be in [0, " + Engines.maxThreads() + "]", () -> Engines.effectiveThreads(-1)),
                bad("`endLr` must be in (", () -> LrFinder.builder().optStartLr(1).optEndLr(Double.NaN).build()),
                bad("`scratchLr` must be finite and > 0, got Infinity", () -> study().optScratchLr(
                        Float.POSITIVE_INFINITY).build()),
                bad("`sizes` must be distinct sizes, got [5, 5]", () -> study().optSizes(List.of(5, 5)).build()),
                bad("`maxSteps` must be >= 0, got -3", () -> study().optMaxSteps(-3).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedWithTheRangeInTheMessage(String message, Executable make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        assertEquals(true, e.getMessage().startsWith(message), "got: " + e.getMessage());
    }

    @Test
    void theMessageFormIsNameRangeValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Checks.range("x", 0.5, 0, true, 0.25, false));
        assertEquals("`x` must be in (0, 0.25], got 0.5", e.getMessage());
        assertEquals(3, Checks.range("n", 3, 1, 3), "bounds are inclusive for whole numbers");
        assertEquals(0f, Checks.fraction("p", 0f));
        assertEquals(0, Engines.effectiveThreads(0) - Runtime.getRuntime().availableProcessors(), "0 means every core");
        assertEquals(Engines.maxThreads(), Engines.effectiveThreads(Engines.maxThreads()), "the limit itself is allowed");
    }

    private static Arguments bad(String message, Executable make) {
        return Arguments.of(message, make);
    }

    private static DataConfig data(int perClass, double valFraction, int threads) {
        return new DataConfig("data", null, perClass, 0, valFraction, 1, threads);
    }

    private static TrainRequest request(int headEpochs, float lrMult, Path out) {
        return new TrainRequest(data(0, 0.2, 1), "resnet18_small", null, Strategy.SCRATCH,
                TrainConfig.builder().build(), HeadSpec.LINEAR, Augment.NONE, headEpochs, lrMult, out, false, false,
                1, null);
    }

    private static StudyConfig.Builder study() {
        return StudyConfig.builder().setData("d").setModel("resnet18_small").setOut(Path.of("s"))
                .optStrategies(List.of("scratch"));
    }
}
