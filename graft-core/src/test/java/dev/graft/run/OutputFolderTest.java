package dev.graft.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.io.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --force} and {@code --out} never cost an input or a file Graft did not write: only a
 * recognised run folder holding nothing but Graft's files is replaced, and only when the new run
 * is complete; inputs are compared by real path.
 */
class OutputFolderTest {
    @TempDir
    Path tmp;

    /** A finished run as Graft leaves it: graft.json vouching for model.safetensors by sha256. */
    private Path run(String name, String modelBytes) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve(RunDir.MODEL), modelBytes);
        Files.writeString(dir.resolve(RunDir.METRICS), "{}\n");
        Files.writeString(dir.resolve(RunDir.INFO), "{\"format\": 1, \"model\": {\"file\": \"model.safetensors\", "
                + "\"sha256\": \"" + Hashing.sha256(dir.resolve(RunDir.MODEL)) + "\"}}");
        return dir;
    }

    private static OutputFolder prepare(Path out, boolean force, Map<String, Path> inputs) {
        return OutputFolder.prepare(out, force, RunDir.KIND, inputs);
    }

    @Test
    void aNewFolderIsWrittenInPlaceAndAnEmptyPathIsRefused() {
        OutputFolder f = prepare(tmp.resolve("new"), false, Map.of());
        assertEquals(f.out(), f.dir());
        assertFalse(f.replaces());
        assertTrue(Files.isDirectory(tmp.resolve("new")));
        var e = assertThrows(IllegalArgumentException.class, () -> prepare(Path.of(""), true, Map.of()));
        assertEquals("`out` must be a folder path (not empty), got ''", e.getMessage());
    }

    @Test
    void aReplacementIsWrittenAsideAndSwappedInOnlyByCommit() throws IOException {
        Path old = run("r", "old weights");
        OutputFolder f = prepare(old, true, Map.of());
        assertTrue(f.replaces());
        assertEquals(tmp.resolve(".r.graft-new"), f.dir());
        Files.writeString(f.dir().resolve(RunDir.MODEL), "new weights");
        assertEquals("old weights", Files.readString(old.resolve(RunDir.MODEL)), "the old run is untouched so far");
        // a run that fails never commits; the next --force starts over and still finds the old run
        OutputFolder again = prepare(old, true, Map.of());
        assertFalse(Files.exists(again.dir().resolve(RunDir.MODEL)), "the abandoned replacement was discarded");
        Files.writeString(again.dir().resolve(RunDir.MODEL), "new weights");
        again.commit();
        assertEquals("new weights", Files.readString(old.resolve(RunDir.MODEL)));
        assertFalse(Files.exists(old.resolve(RunDir.METRICS)), "the old run's files went with it");
        assertFalse(Files.exists(tmp.resolve(".r.graft-new")) || Files.exists(tmp.resolve(".r.graft-old")));
    }

    @Test
    void withoutForceAnExistingRunIsRefusedAndAPendingReplacementNamed() throws IOException {
        Path r = run("r", "w");
        var e = assertThrows(RunException.class, () -> prepare(r, false, Map.of()));
        assertTrue(e.getMessage().contains("already holds a run") && e.getMessage().contains("`force`"), e.getMessage());
        Files.createDirectories(tmp.resolve("empty"));
        Files.createDirectories(tmp.resolve(".empty.graft-new"));
        var pending = assertThrows(RunException.class, () -> prepare(tmp.resolve("empty"), false, Map.of()));
        assertTrue(pending.getMessage().contains("unfinished replacement"), pending.getMessage());
    }

    @Test
    void filesGraftDidNotWriteStopForceAndSurvive() throws IOException {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep");
        var notGraft = assertThrows(RunException.class, () -> prepare(mine, true, Map.of()));
        assertTrue(notGraft.getMessage().contains("is not a Graft run folder"), notGraft.getMessage());

        Path r = run("r", "w");
        Files.writeString(r.resolve("notes.txt"), "keep");
        var extra = assertThrows(RunException.class, () -> prepare(r, true, Map.of()));
        assertTrue(extra.getMessage().contains("notes.txt was not written by Graft"), extra.getMessage());

        // a model.safetensors that graft.json does not vouch for, such as a downloaded one dropped in
        Path d = run("d", "trained");
        Files.writeString(d.resolve(RunDir.MODEL), "downloaded weights");
        var unvouched = assertThrows(RunException.class, () -> prepare(d, true, Map.of()));
        assertTrue(unvouched.getMessage().contains("model.safetensors differs from the file graft.json records"),
                unvouched.getMessage());
        assertEquals("keep", Files.readString(mine.resolve("notes.txt")));
        assertEquals("keep", Files.readString(r.resolve("notes.txt")));
        assertEquals("downloaded weights", Files.readString(d.resolve(RunDir.MODEL)));
        assertFalse(Files.exists(tmp.resolve(".r.graft-new")), "nothing was staged for a refused --force");
    }

    @Test
    void inputsAreComparedByRealPath() throws IOException {
        Path r = run("r", "w");
        Path weights = r.resolve(RunDir.MODEL);
        var inside = assertThrows(RunException.class, () -> prepare(r, true, Map.of("`weights`", weights)));
        assertTrue(inside.getMessage().contains("lies inside `out`"), inside.getMessage());
        Path link = Files.createSymbolicLink(tmp.resolve("link"), r);
        var same = assertThrows(RunException.class, () -> prepare(link, true, Map.of("`run`", r)));
        assertTrue(same.getMessage().contains("is the same folder as `run`"), same.getMessage());
        Path data = Files.createDirectories(tmp.resolve("data"));
        var inData = assertThrows(RunException.class, () -> prepare(data.resolve("runs/x"), false,
                Map.of("`data`", data)));
        assertTrue(inData.getMessage().contains("lies inside `data`"), inData.getMessage());
        assertEquals("w", Files.readString(weights));
        assertFalse(Files.exists(data.resolve("runs")), "nothing was created for a refused --out");
    }

    @Test
    void aSwapInterruptedByACrashIsFinishedOnTheNextOpen() throws IOException {
        Path r = run("r", "old");
        Files.move(r, tmp.resolve(".r.graft-old"));
        Path staged = run(".r.graft-new", "new");
        assertTrue(Files.isDirectory(staged));
        RunDir.open(r);
        assertEquals("new", Files.readString(r.resolve(RunDir.MODEL)));
        assertFalse(Files.exists(tmp.resolve(".r.graft-old")), "the old run, all Graft's, was removed");
    }
}
