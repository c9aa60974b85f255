package dev.graft.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.run.RunException;
import dev.graft.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study.json is read back only when every cell is valid and there once: a NaN or a duplicate would skew every mean. */
class StudyFileChecksTest {
    @TempDir
    Path tmp;

    private Path edited(Consumer<JsonArray> change) throws IOException {
        String text = Files.readString(Fixtures.resource("/fixtures/studies/v0.1.0/study.json"));
        JsonObject o = JsonParser.parseString(text).getAsJsonObject();
        change.accept(o.getAsJsonArray("cells"));
        Path dir = Files.createDirectories(tmp.resolve("s" + System.nanoTime()));
        Files.writeString(StudyFile.path(dir), o.toString().replace("\"NAN\"", "NaN"));
        return dir;
    }

    @Test
    void theReleasedStudyReadsAsItIs() throws IOException {
        assertEquals(12, StudyFile.read(edited(cells -> { })).cells().size());
    }

    @Test
    void aNaNScoreIsRefusedNamingTheCell() throws IOException {
        Path dir = edited(cells -> cells.get(2).getAsJsonObject().addProperty("testAccuracy", "NAN"));
        var e = assertThrows(RunException.class, () -> StudyFile.read(dir));
        assertTrue(e.getMessage().contains("`cells[2].testAccuracy` must be in [0, 1], got NaN"), e.getMessage());
    }

    @Test
    void aCellStoredTwiceIsRefused() throws IOException {
        Path dir = edited(cells -> cells.add(cells.get(0).deepCopy()));
        var e = assertThrows(RunException.class, () -> StudyFile.read(dir));
        assertTrue(e.getMessage().contains("cell scratch/5/seed42 appears twice"), e.getMessage());
    }

    @Test
    void aKeyThatDisagreesWithItsCellIsRefused() throws IOException {
        Path dir = edited(cells -> cells.get(0).getAsJsonObject().addProperty("seed", 43));
        var e = assertThrows(RunException.class, () -> StudyFile.read(dir));
        assertTrue(e.getMessage().contains("`cells[0].key` must be strategy/size/seed of its own fields"), e.getMessage());
    }
}
