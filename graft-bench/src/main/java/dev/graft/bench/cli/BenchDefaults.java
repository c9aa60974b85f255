package dev.graft.bench.cli;

import dev.graft.serve.Classifier;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code graft bench}'s defaults for the library's settings, answered from the library: its
 * {@code --max-concurrent} is {@link Classifier}'s {@code maxConcurrent}, so the two cannot disagree.
 */
public final class BenchDefaults implements IDefaultValueProvider {
    /** Flag → the library's default. */
    static final Map<String, Supplier<Object>> DEFAULTS = Map.of(
            "--max-concurrent", () -> Classifier.DEFAULT_MAX_CONCURRENT);

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec o && DEFAULTS.containsKey(o.names()[0])) {
            return String.valueOf(DEFAULTS.get(o.names()[0]).get());
        }
        return null;
    }
}
