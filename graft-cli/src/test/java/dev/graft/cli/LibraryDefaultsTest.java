package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.FineTuning;
import dev.graft.data.Augment;
import dev.graft.data.DataConfig;
import dev.graft.job.TrainRequest;
import dev.graft.peft.PeftConfig;
import dev.graft.recipe.Tuning;
import dev.graft.source.ImageFolder;
import dev.graft.train.TrainConfig;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Every default lives once, in the library: no option of a command built on the library carries a
 * literal default for a setting the library defines, the defaults --help shows are the library's,
 * and {@code graft train} with no tuning flags asks for exactly the run the Java API's defaults make.
 */
class LibraryDefaultsTest {
    @TempDir
    Path tmp;

    static final String NO_DEFAULT = noDefault();

    static String noDefault() {
        try {
            return (String) Option.class.getMethod("defaultValue").getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The commands of graft-cli itself; the plugins (gen, spark) bring their own. */
    static List<CommandLine> commands() {
        CommandLine root = new CommandLine(new Main());
        root.setDefaultValueProvider(new LibraryDefaults());
        List<CommandLine> out = new ArrayList<>(root.getSubcommands().values());
        out.removeIf(c -> c.getCommandName().equals("help"));
        return out;
    }

    /** Names of the settings in the library's configuration records. */
    static Set<String> librarySettings() {
        Set<String> out = new HashSet<>();
        for (Class<?> r : List.of(TrainConfig.class, DataConfig.class, Tuning.class, PeftConfig.class, Augment.class)) {
            for (RecordComponent c : r.getRecordComponents()) {
                out.add(c.getName());
            }
        }
        out.addAll(LibraryDefaults.TRAINING.keySet());
        return out;
    }

    @Test
    void noOptionRepeatsALibraryDefault() {
        Set<String> library = librarySettings();
        List<String> repeated = new ArrayList<>();
        int provided = 0;
        for (CommandLine c : commands()) {
            boolean libraryBacked = LibraryDefaults.BY_COMMAND.containsKey(c.getCommand().getClass());
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (!(o.userObject() instanceof Field f) || f.getAnnotation(Option.class) == null) {
                    continue;
                }
                String literal = f.getAnnotation(Option.class).defaultValue();
                String setting = LibraryDefaults.setting(o.names()[0]);
                boolean fromLibrary = LibraryDefaults.library(o) != null;
                if (fromLibrary) {
                    provided++;
                    assertEquals(LibraryDefaults.text(LibraryDefaults.library(o).get()), o.defaultValueString(),
                            c.getCommandName() + " " + o.names()[0] + ": --help shows another default");
                }
                if (!literal.equals(NO_DEFAULT) && (fromLibrary || (libraryBacked && library.contains(setting)))) {
                    repeated.add(c.getCommandName() + " " + o.names()[0] + " = \"" + literal + "\"");
                }
            }
        }
        assertTrue(provided > 40, "only " + provided + " options take the library's defaults");
        assertTrue(repeated.isEmpty(), "these options repeat a library default: " + repeated);
    }

    @Test
    void theAugmentPresetTheCliDefaultsToIsTheLibrarysDefault() {
        assertEquals(Augment.NONE, Augment.parse(LibraryDefaults.TRAINING.get("augment").get().toString()));
    }

    @Test
    void trainWithoutTuningFlagsIsTheApisDefaultRun() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path out = tmp.resolve("out");
        TrainCommand cmd = new TrainCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.setDefaultValueProvider(new LibraryDefaults());
        cl.parseArgs("--data", data.toString(), "--model", "resnet18_small", "--weights", "w.safetensors",
                "--out", out.toString());
        TrainRequest fromCli = cmd.train.toRequest(2);
        Files.createDirectories(data.resolve("a"));
        TrainRequest fromApi = FineTuning.builder().setData(ImageFolder.of(data)).setModel("resnet18_small")
                .setWeights("w.safetensors").optThreads(2).build().toRequest(out);
        assertNotNull(fromCli.train());
        assertEquals(fromApi.train(), fromCli.train(), "training options");
        assertEquals(fromApi.data().toString(), fromCli.data().toString(), "data options");
        assertEquals(fromApi, fromCli, "the whole request");
    }
}
