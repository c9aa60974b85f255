package dev.graft.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.report.Report;
import dev.graft.study.StudyFile;
import dev.graft.study.StudyRecord;
import dev.graft.study.Summary;
import dev.graft.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * study.json files written by earlier releases still read, summarise and report. The v0.1.0 file
 * is the short study of {@code graft demo} (seed 42), so its numbers are known.
 */
class StudyCompatTest {
    @Test
    void everySavedStudyStillReadsAndReports(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.resource("/fixtures/studies");
        List<Path> releases;
        try (Stream<Path> s = Files.list(root)) {
            releases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(releases.isEmpty(), "no saved studies under " + root);
        for (Path dir : releases) {
            StudyRecord r = StudyFile.read(dir);
            assertEquals(12, r.cells().size(), dir.toString());
            Summary s = Summary.of(r);
            Report.Written w = Report.write(tmp.resolve(dir.getFileName().toString()), r, null);
            assertTrue(Files.size(w.html()) > 10_000, "report of " + dir);
            assertTrue(w.images().size() >= 4, "plots of " + dir + ": " + w.images());
            if (dir.getFileName().toString().equals("v0.1.0")) {
                assertEquals(0.706, s.row("partial:2", 5).accuracy().mean(), 1e-9);
                assertEquals(0.842, s.row("scratch", 50).accuracy().mean(), 1e-9);
            }
        }
    }
}
