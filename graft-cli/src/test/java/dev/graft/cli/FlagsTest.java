package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.FineTuning;
import dev.graft.data.Augment;
import dev.graft.data.DataConfig;
import dev.graft.peft.PeftConfig;
import dev.graft.recipe.Tuning;
import dev.graft.serve.Classifier;
import dev.graft.source.SplitBuilder;
import dev.graft.study.StudyConfig;
import dev.graft.train.TrainConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One name per setting: the library's names become the CLI's flags by one rule, every name the
 * library's messages use is a flag, and the settings of the library's configuration types and API
 * builders are flags of the commands that take them. Each shared flag is declared once and keeps
 * every command's own default, requirement and parsing.
 */
class FlagsTest {
    /** Library settings that no command takes, each with the reason. */
    static final Set<String> NOT_FLAGS = Set.of(
            "minDelta", // early stopping's threshold: a library refinement, fixed on the command line
            "classWeights", // computed from the data by balance=weighted
            "maxTranslate", // Augment's pixel shift: no flag yet
            "trainConfig", "tuning", "peft", "preprocess", "listener", // composites and code-only hooks
            "maxConcurrent"); // a serving option, measured by bench --serve --max-concurrent

    /**
     * Names the library checks that are no flag: fields of metadata files (graft.json,
     * study.json, weights specs) and options only code sets. The command line prints them bare.
     */
    static final Set<String> CHECKED_NOT_FLAGS = Set.of(
            // graft.json, study.json and checkpoint fields: a damaged file, not a flag, is at fault
            "mean", "std", "size", "resize", "hidden", "epoch", "step", "bestEpoch", "sinceBest", "phaseIndex",
            "correct", "seen", "batch",
            // parts of a flag's value: --jitter B,C,S,H and --rand-augment N,M
            "brightness", "contrast", "saturation", "hue", "n", "m",
            // library refinements no command sets (see NOT_FLAGS), and the lr finder's curve shaping
            "minDelta", "classWeights", "maxTranslate", "maxConcurrent", "smoothing", "divergeFactor", "testFraction",
            "projHidden", "projDim",
            // graft.json's calibration (graft export's --temperature is an override, in graft-onnx), and the
            // number of images given to explain (its arguments, not a flag)
            "temperature", "images");

    @Test
    void theRuleIsKebabCase() {
        assertEquals("--val-fraction", Flags.of("valFraction"));
        assertEquals("--lr", Flags.of("lr"));
        assertEquals("--top-k", Flags.of("topK"));
        assertEquals("--rand-augment", Flags.of("randAugment"));
        assertEquals("give --weights FILE|TAG, or use --strategy scratch; fix --drop-path",
                Flags.forCli("give `weights` FILE|TAG, or use `strategy` scratch; fix `dropPath`"));
        assertEquals("runs/out-dir: 3 classes", Flags.forCli("runs/out-dir: 3 classes"), "only quoted names change");
    }

    @Test
    void everyNameInALibraryMessageIsAFlag() throws Exception {
        Set<String> flags = allFlags(command("train"), command("pretrain"), command("study"), command("lr-find"),
                command("predict"), command("evaluate"), command("merge"), command("explain"), command("review"),
                command("ood"));
        Pattern quoted = Pattern.compile("\"[^\"]*`([a-z][A-Za-z0-9]*)`[^\"]*\"");
        Pattern name = Pattern.compile("`([a-z][A-Za-z0-9]*)`");
        // Checks names the setting in its first argument and puts it in backquotes itself
        Pattern checked = Pattern.compile("(?:Checks\\.[a-zA-Z]+|checkThreads)\\(\"([a-z][A-Za-z0-9]*)\"");
        Set<String> used = new TreeSet<>();
        Set<String> checkedNames = new TreeSet<>();
        Path src = Path.of("..", "graft-core", "src", "main", "java");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher lit = quoted.matcher(text);
                while (lit.find()) {
                    Matcher n = name.matcher(lit.group());
                    while (n.find()) {
                        used.add(n.group(1));
                    }
                }
                Matcher c = checked.matcher(text);
                while (c.find()) {
                    checkedNames.add(c.group(1));
                }
            }
        }
        assertTrue(used.size() > 20 && checkedNames.size() > 40, "found only " + used + " and " + checkedNames);
        for (String u : used) {
            assertTrue(flags.contains(Flags.of(u)), "library messages name `" + u + "`, but no command has "
                    + Flags.of(u));
        }
        Set<String> bare = new TreeSet<>();
        for (String u : checkedNames) {
            if (!flags.contains(Flags.of(u)) && !CHECKED_NOT_FLAGS.contains(u)) {
                bare.add(u);
            }
        }
        assertTrue(bare.isEmpty(), "the library checks these, but no command has their flags (the CLI would print "
                + "them bare): " + bare);
    }

    @Test
    void libraryConfigurationsAndBuildersNameTheTrainFlags() {
        Set<String> train = allFlags(command("train"));
        Set<String> settings = new TreeSet<>();
        for (Class<?> record : List.of(TrainConfig.class, DataConfig.class, PeftConfig.class, Tuning.class,
                Augment.class)) {
            for (RecordComponent c : record.getRecordComponents()) {
                settings.add(c.getName());
            }
        }
        settings.remove("seed"); // DataConfig's seed is TrainConfig's, one flag
        settings.addAll(builderSettings(FineTuning.Builder.class));
        settings.addAll(builderSettings(SplitBuilder.class));
        settings.remove("data"); // a source object here; --data DIR|CSV|fashion-mnist there
        for (String s : settings) {
            if (!NOT_FLAGS.contains(s)) {
                assertTrue(train.contains(Flags.of(s)), "the library calls it " + s + ", graft train has no "
                        + Flags.of(s));
            }
        }
        Set<String> predict = allFlags(command("predict"));
        for (String s : builderSettings(Classifier.Builder.class)) {
            if (!NOT_FLAGS.contains(s)) {
                assertTrue(predict.contains(Flags.of(s)), "Classifier calls it " + s + ", graft predict has no "
                        + Flags.of(s));
            }
        }
    }

    @Test
    void eachCommandShowsAndAppliesItsOwnDefault() {
        String demo = CliHarness.run("demo", "--help").out();
        assertTrue(demo.contains("(default: runs/demo)"), demo);
        assertTrue(demo.contains("(default: " + TrainConfig.DEFAULTS.seed() + ")"), demo);
        String train = CliHarness.run("train", "--help").out();
        assertTrue(train.contains("--epochs=N") && train.contains("(default: " + TrainConfig.DEFAULTS.epochs() + ")"),
                train);
        assertTrue(train.contains("(default: " + TrainConfig.DEFAULTS.lr() + ")"), train);
        TrainOptions t = train("--data", "d", "--model", "resnet18_small", "--out", "o");
        assertEquals(TrainConfig.DEFAULTS.seed(), t.toRequest(1).train().seed());
        assertEquals(TrainConfig.DEFAULTS.epochs(), t.toRequest(1).train().epochs());
        assertEquals(TrainConfig.DEFAULTS.lr(), t.toRequest(1).train().lr());
        t = train("--data", "d", "--model", "resnet18_small", "--seed", "7", "--lr", "3e-4", "--out", "o");
        assertEquals(7, t.toRequest(1).train().seed());
        assertEquals(3e-4f, t.toRequest(1).train().lr());
    }

    @Test
    void aStudyTakesOnlyTheFlagsGivenOverItsPreset() {
        StudyCommand s = new StudyCommand();
        new CommandLine(s).parseArgs("--preset", "fashion-mnist", "--out", "x");
        StudyConfig preset = s.toConfig();
        assertEquals(Path.of("x"), preset.out());
        new CommandLine(s = new StudyCommand()).parseArgs("--preset", "fashion-mnist", "--out", "x", "--epochs", "2",
                "--lr", "5e-3", "--seed", "9");
        StudyConfig given = s.toConfig();
        assertEquals(2, given.train().epochs());
        assertEquals(5e-3f, given.train().lr());
        assertEquals(9, given.seed());
        assertEquals(preset.train().batchSize(), given.train().batchSize());
        assertTrue(preset.train().epochs() != 2 && preset.seed() != 9);
    }

    @Test
    void aMissingRequiredFlagOrABadNumberIsAUsageError() {
        CliHarness.Result r = CliHarness.run("merge", "--run", "somewhere");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("Missing required option: '--out=OUT'"), r.err());
        r = CliHarness.run("train", "--data", "d", "--model", "resnet18_small", "--out", "o", "--lr", "fast");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("Invalid value for option '--lr': 'fast' is not a float"), r.err());
    }
    /** graft train's options as the command line parses them, with the library's defaults. */
    static TrainOptions train(String... args) {
        TrainCommand cmd = new TrainCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.setDefaultValueProvider(new LibraryDefaults());
        cl.parseArgs(args);
        return cmd.train;
    }

    /** X of every public setX/optX method. */
    static Set<String> builderSettings(Class<?> builder) {
        Set<String> out = new HashSet<>();
        for (Method m : builder.getMethods()) {
            String n = m.getName();
            if (Modifier.isPublic(m.getModifiers()) && (n.startsWith("set") || n.startsWith("opt"))
                    && m.getParameterCount() == 1) {
                String rest = n.substring(3); // after "set" or "opt"
                out.add(Character.toLowerCase(rest.charAt(0)) + rest.substring(1));
            }
        }
        return out;
    }

    static CommandLine command(String name) {
        CommandLine cli = new CommandLine(new Main());
        return cli.getSubcommands().get(name);
    }

    static Set<String> allFlags(CommandLine... commands) {
        Set<String> out = new HashSet<>();
        for (CommandLine c : commands) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                out.addAll(List.of(o.names()));
            }
        }
        return out;
    }
}
