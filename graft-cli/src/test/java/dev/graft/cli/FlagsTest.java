package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.study.StudyConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Each shared flag is declared once and keeps every command's own default, requirement and parsing. */
class FlagsTest {
    @Test
    void eachCommandShowsAndAppliesItsOwnDefault() {
        String demo = CliHarness.run("demo", "--help").out();
        assertTrue(demo.contains("(default: runs/demo)"), demo);
        assertTrue(demo.contains("(default: 42)"), demo);
        String train = CliHarness.run("train", "--help").out();
        assertTrue(train.contains("--epochs=N") && train.contains("(default: 10)"), train);
        assertTrue(train.contains("(default: 1e-3)"), train);
        TrainOptions t = new TrainOptions();
        new CommandLine(t).parseArgs("--data", "d", "--model", "resnet18_small", "--out", "o");
        assertEquals(42, t.toRequest(1).train().seed());
        assertEquals(10, t.toRequest(1).train().epochs());
        assertEquals(1e-3f, t.toRequest(1).train().lr());
        new CommandLine(t = new TrainOptions()).parseArgs("--data", "d", "--model", "resnet18_small", "--seed", "7",
                "--lr", "3e-4", "--out", "o");
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
}
