package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear line, exit code 1 (2 for usage), and no stack trace. */
class CliErrorsTest {
    @TempDir
    Path tmp;

    private CliHarness.Result train(Path data, String... extra) {
        String[] base = {"train", "--data", data.toString(), "--model", "resnet18_small", "--strategy", "scratch",
            "--epochs", "1", "--out", tmp.resolve("out").toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliHarness.run(all);
    }

    private static void assertUserError(CliHarness.Result r, String... fragments) {
        assertEquals(1, r.code(), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "missing '" + f + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "stack trace printed: " + r.err());
    }

    @Test
    void missingFolder() {
        assertUserError(train(tmp.resolve("nope")), "nope: no such folder");
    }

    @Test
    void singleClass() throws Exception {
        ImageFolderMaker.write(tmp.resolve("one"), 1, 4, 1);
        assertUserError(train(tmp.resolve("one")), "only one class");
    }

    @Test
    void emptyClass() throws Exception {
        ImageFolderMaker.write(tmp.resolve("d"), 2, 4, 1);
        Files.createDirectories(tmp.resolve("d/class_z"));
        assertUserError(train(tmp.resolve("d")), "class_z", "no readable images");
    }

    @Test
    void unknownArchitecture() throws Exception {
        ImageFolderMaker.write(tmp.resolve("d"), 2, 4, 1);
        CliHarness.Result r = CliHarness.run("train", "--data", tmp.resolve("d").toString(), "--model", "resnet7",
                "--strategy", "scratch", "--out", tmp.resolve("o").toString());
        assertUserError(r, "unknown architecture 'resnet7'", "resnet18");
    }

    @Test
    void truncatedWeights() throws Exception {
        ImageFolderMaker.write(tmp.resolve("d"), 2, 4, 1);
        Path w = tmp.resolve("w.safetensors");
        Fixtures.writeSyntheticWeights("resnet18_small", 2, w);
        byte[] all = Files.readAllBytes(w);
        Files.write(w, java.util.Arrays.copyOf(all, all.length / 2));
        CliHarness.Result r = CliHarness.run("train", "--data", tmp.resolve("d").toString(), "--model",
                "resnet18_small", "--weights", w.toString(), "--strategy", "linear-probe", "--out",
                tmp.resolve("o").toString());
        assertUserError(r, w.toString(), "truncated");
    }

    @Test
    void weightsOfTheWrongShape() throws Exception {
        ImageFolderMaker.write(tmp.resolve("d"), 2, 4, 1);
        Path w = tmp.resolve("w.safetensors");
        Fixtures.writeSyntheticWeights("resnet18", 2, w);
        CliHarness.Result r = CliHarness.run("train", "--data", tmp.resolve("d").toString(), "--model",
                "resnet18_small", "--weights", w.toString(), "--strategy", "linear-probe", "--out",
                tmp.resolve("o").toString());
        assertUserError(r, "conv1.weight", "[64, 3, 7, 7]", "[16, 3, 3, 3]");
    }

    @Test
    void usageErrorsExitWithTwo() {
        CliHarness.Result r = CliHarness.run("train", "--no-such-flag");
        assertEquals(2, r.code());
    }
}
