package dev.graft.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.TinyFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV files of path,label rows: paths resolve against the CSV's folder; bad rows name the file and line. */
class CsvImagesTest {
    @TempDir
    static Path tmp;
    static Path images;

    @BeforeAll
    static void setUp() throws Exception {
        images = TinyFolder.write(tmp.resolve("images"), 2, 4, 8, 3);
    }

    static Path csv(String name, String... lines) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    @Test
    void readsRowsRelativeToTheCsvFolder() throws Exception {
        Path absolute = images.resolve("c1/img003.png").toAbsolutePath();
        Path f = csv("labels.csv", "path,label", "images/c0/img000.png,shoe", "images/c0/img001.png, shoe ", "",
                "\"images/c1/img000.png\",\"bag, leather\"", absolute + ",\"bag, leather\"");
        CsvImages c = CsvImages.open(f, null, 1);
        assertEquals(List.of("bag, leather", "shoe"), c.labels(), "labels sorted, quotes keep commas");
        assertEquals(4, c.size());
        assertEquals(1, c.label(0));
        assertEquals(0, c.label(3));
        assertEquals(8, c.image(2).width());
        assertTrue(c.describe(1).endsWith("(labels.csv:3)"), c.describe(1));
        // the same rows from another working directory: nothing depends on where the program runs
        assertEquals(c.fingerprint(), CsvImages.open(f.toAbsolutePath(), null, 1).fingerprint());
    }

    @Test
    void badRowsNameFileAndLine() throws Exception {
        assertError(csv("fields.csv", "images/c0/img000.png,a", "images/c0/img001.png,b,extra"),
                "fields.csv:2: expected 2 fields");
        assertError(csv("missing.csv", "images/c0/img000.png,a", "images/c0/nothere.png,b"),
                "missing.csv:2: ", "does not exist", "CSV's folder");
        assertError(csv("empty.csv", "images/c0/img000.png,a", "images/c0/img001.png,  "), "empty.csv:2: empty label");
        assertError(csv("quote.csv", "\"images/c0/img000.png,a"), "quote.csv:1: unclosed double quote");
        assertError(csv("none.csv", "path,label"), "none.csv: no rows");
        DataException e = assertThrows(DataException.class, () -> CsvImages.open(
                csv("model.csv", "images/c0/img000.png,a", "images/c0/img001.png,zebra"), List.of("a", "b"), 1));
        assertTrue(e.getMessage().contains("model.csv:2: label 'zebra'"), e.getMessage());
    }

    @Test
    void undecodableFilesAreSkippedAndCounted() throws Exception {
        Files.writeString(tmp.resolve("broken.png"), "not a png");
        CsvImages c = CsvImages.open(csv("skip.csv", "images/c0/img000.png,a", "broken.png,a",
                "images/c1/img000.png,b"), null, 1);
        assertEquals(2, c.size());
        assertEquals(1, c.skipped().size());
        assertTrue(c.skipped().get(0).contains("broken.png"), c.skipped().get(0));
    }

    @Test
    void trainingDataFromACsvSplitsLikeAFolder() throws Exception {
        StringBuilder rows = new StringBuilder("path,label\n");
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 4; i++) {
                rows.append(String.format("images/c%d/img%03d.png,k%d%n", c, i, c));
            }
        }
        Path f = tmp.resolve("train.csv");
        Files.writeString(f, rows);
        Data d = Datasets.open(new DataConfig(f.toString(), null, 0, 0, 0.25, 5, 1));
        assertEquals(List.of("k0", "k1"), d.labels());
        assertEquals(6, d.train().size());
        assertEquals(2, d.val().size(), "a quarter of each class held out");
    }

    static void assertError(Path csv, String... parts) {
        DataException e = assertThrows(DataException.class, () -> CsvImages.open(csv, null, 1));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
        }
    }
}
