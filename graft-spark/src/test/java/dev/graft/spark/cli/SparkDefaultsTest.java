package dev.graft.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.spark.GraftClassifier;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** {@code graft spark train} takes its defaults from GraftClassifier and repeats none of them. */
class SparkDefaultsTest {
    @Test
    void trainDefaultsAreTheClassifiers() throws Exception {
        TrainCommand cmd = new TrainCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.parseArgs("--data", "d", "--weights", "w", "--out", "o");
        GraftClassifier c = new GraftClassifier();
        assertEquals(c.getEpochs(), cmd.epochs.value());
        assertEquals(c.getLr(), cmd.lr.doubleValue());
        assertEquals(c.getValFraction(), cmd.valFraction);
        assertEquals(c.getSeed(), cmd.seed.value());
        assertEquals(c.getSolver(), cmd.solver);
        assertEquals(c.getHead(), cmd.head);
        String none = (String) Option.class.getMethod("defaultValue").getDefaultValue();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (SparkDefaults.TRAIN.containsKey(o.names()[0])) {
                Field f = (Field) o.userObject();
                assertEquals(none, f.getAnnotation(Option.class).defaultValue(), o.names()[0] + " repeats a default");
                assertTrue(o.defaultValueString() != null, o.names()[0]);
            }
        }
    }
}
