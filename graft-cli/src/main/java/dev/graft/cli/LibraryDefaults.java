package dev.graft.cli;

import dev.graft.FineTuning;
import dev.graft.data.DataConfig;
import dev.graft.job.DemoJob;
import dev.graft.job.EvaluateJob;
import dev.graft.job.ReviewJob;
import dev.graft.job.TrainRequest;
import dev.graft.model.HeadSpec;
import dev.graft.peft.PeftConfig;
import dev.graft.pretrain.ssl.SslConfig;
import dev.graft.pretrain.synthetic.SyntheticSpec;
import dev.graft.recipe.Recipes;
import dev.graft.recipe.Tuning;
import dev.graft.serve.Classifier;
import dev.graft.study.StudyConfig;
import dev.graft.train.LrFinder;
import dev.graft.train.TrainConfig;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where the command line's defaults come from: the library. An option that sets a library setting
 * carries no {@code defaultValue} of its own; picocli asks this provider, which answers with the
 * library's default for the setting the flag names (flag {@code --val-fraction}, setting
 * {@code valFraction}, see {@link Flags}), so {@code --help}'s "(default ...)" and the value used are
 * the library's. {@code LibraryDefaultsTest} fails on any annotation that repeats one.
 */
final class LibraryDefaults implements IDefaultValueProvider {
    /** The settings of every command built on a training request, by library name. */
    static final Map<String, Supplier<Object>> TRAINING = training();

    /** Per command: the settings whose defaults the library holds. */
    static final Map<Class<?>, Map<String, Supplier<Object>>> BY_COMMAND = Map.of(
            TrainCommand.class, TRAINING,
            PretrainCommand.class, with(TRAINING, Map.of("categories", () -> SyntheticSpec.DEFAULT_CATEGORIES,
                    "syntheticSeed", () -> SyntheticSpec.DEFAULT_SEED, "temperature", SslConfig.DEFAULTS::temperature,
                    "monitorPerClass", SslConfig.DEFAULTS::monitorPerClass)),
            LrFindCommand.class, with(TRAINING, Map.of("steps", () -> LrFinder.DEFAULT_STEPS,
                    "startLr", () -> LrFinder.DEFAULT_START_LR, "endLr", () -> LrFinder.DEFAULT_END_LR)),
            PredictCommand.class, Map.of("topK", () -> Classifier.DEFAULT_TOP_K),
            EvaluateCommand.class, Map.of("overlays", () -> EvaluateJob.OVERLAYS),
            ReviewCommand.class, Map.of("folds", ReviewJob.Options.DEFAULTS::folds,
                    "foldsBy", () -> ReviewJob.Options.DEFAULTS.fineTune() ? "fine-tune" : "probe",
                    "foldEpochs", ReviewJob.Options.DEFAULTS::foldEpochs,
                    "topLosses", ReviewJob.Options.DEFAULTS::topLosses,
                    "issueImages", ReviewJob.Options.DEFAULTS::issueImages, "seed", ReviewJob.Options.DEFAULTS::seed),
            StudyCommand.class, Map.of("seed", () -> StudyConfig.DEFAULT_SEED, "epochs", () -> StudyConfig.DEFAULT_EPOCHS,
                    "lr", () -> StudyConfig.DEFAULT_LR),
            DemoCommand.class, Map.of("perClass", () -> DemoJob.DEFAULT_PER_CLASS,
                    "valPerClass", () -> DemoJob.DEFAULT_VAL_PER_CLASS, "seed", () -> TrainConfig.DEFAULTS.seed()));

    private static Map<String, Supplier<Object>> training() {
        TrainConfig t = TrainConfig.DEFAULTS;
        Map<String, Supplier<Object>> m = new HashMap<>();
        m.put("perClass", () -> DataConfig.DEFAULT_PER_CLASS);
        m.put("valPerClass", () -> DataConfig.DEFAULT_VAL_PER_CLASS);
        m.put("valFraction", () -> DataConfig.DEFAULT_VAL_FRACTION);
        m.put("strategy", () -> FineTuning.DEFAULT_STRATEGY);
        m.put("epochs", t::epochs);
        m.put("headEpochs", () -> Recipes.DEFAULT_HEAD_EPOCHS);
        m.put("lrMult", () -> Recipes.DEFAULT_LR_MULT);
        m.put("batchSize", t::batchSize);
        m.put("lr", t::lr);
        m.put("optimizer", t::optimizer);
        m.put("momentum", t::momentum);
        m.put("weightDecay", t::weightDecay);
        m.put("warmupEpochs", t::warmupEpochs);
        m.put("schedule", t::schedule);
        m.put("labelSmoothing", t::labelSmoothing);
        m.put("head", () -> HeadSpec.DEFAULT.hidden() == 0 ? "linear" : "mlp:" + HeadSpec.DEFAULT.hidden());
        m.put("dropout", HeadSpec.DEFAULT::dropout);
        m.put("patience", t::patience);
        m.put("bnPolicy", t::bnPolicy);
        m.put("gradClip", t::gradClip);
        m.put("seed", t::seed);
        m.put("emaDecay", t::emaDecay);
        m.put("monitor", () -> t.monitor().name().toLowerCase(Locale.ROOT));
        m.put("dropPath", Tuning.NONE::dropPath);
        m.put("balance", Tuning.NONE::balance);
        m.put("layerDecay", Tuning.NONE::layerDecay);
        m.put("unfreezeEvery", Tuning.NONE::unfreezeEvery);
        m.put("loraRank", PeftConfig.DEFAULTS::loraRank);
        m.put("loraAlpha", PeftConfig.DEFAULTS::loraAlpha);
        m.put("adapterReduction", PeftConfig.DEFAULTS::adapterReduction);
        m.put("checkpointEvery", () -> TrainRequest.DEFAULT_CHECKPOINT_EVERY);
        // Augment.parse names FineTuning's default, Augment.NONE, "none"; LibraryDefaultsTest checks it
        m.put("augment", () -> "none");
        return Map.copyOf(m);
    }

    private static Map<String, Supplier<Object>> with(Map<String, Supplier<Object>> a, Map<String, Supplier<Object>> b) {
        Map<String, Supplier<Object>> m = new HashMap<>(a);
        m.putAll(b);
        return Map.copyOf(m);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        Supplier<Object> s = library(arg);
        return s == null ? null : text(s.get());
    }

    /** The library's default for the setting this option names, or null when the library has none. */
    static Supplier<Object> library(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o) || o.command() == null || o.command().userObject() == null) {
            return null;
        }
        Map<String, Supplier<Object>> m = BY_COMMAND.get(o.command().userObject().getClass());
        return m == null ? null : m.get(setting(o.names()[0]));
    }

    /** The library name a flag stands for: {@code --val-fraction} is {@code valFraction}. */
    static String setting(String flag) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : flag.replaceFirst("^-+", "").toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    /** A library value as the command line writes it: enums in lower case with dashes, numbers plain. */
    static String text(Object v) {
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return String.valueOf(v);
    }
}
