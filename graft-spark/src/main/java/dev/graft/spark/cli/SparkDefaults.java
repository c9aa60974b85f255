package dev.graft.spark.cli;

import dev.graft.spark.GraftClassifier;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code graft spark train}'s defaults are {@link GraftClassifier}'s: the flag {@code --val-fraction}
 * takes the default of the stage's {@code valFraction}, and so on, so the library and the command
 * line cannot disagree.
 */
public final class SparkDefaults implements IDefaultValueProvider {
    /** Flag → the classifier's default for the setting of the same name. */
    static final Map<String, Function<GraftClassifier, Object>> TRAIN = Map.of(
            "--solver", GraftClassifier::getSolver,
            "--head", GraftClassifier::getHead,
            "--epochs", GraftClassifier::getEpochs,
            "--lr", GraftClassifier::getLr,
            "--val-fraction", GraftClassifier::getValFraction,
            "--seed", GraftClassifier::getSeed);

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec o && TRAIN.containsKey(o.names()[0])) {
            return String.valueOf(TRAIN.get(o.names()[0]).apply(new GraftClassifier()));
        }
        return null;
    }
}
