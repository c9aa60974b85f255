package dev.graft.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @Test
    void replacesTheTargetAndLeavesNoTemporaryFile(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("sub/a.json");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        try (var s = Files.list(f.getParent())) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void aFailingWriterKeepsTheOldFileAndCleansUp(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("a.json");
        AtomicFiles.writeString(f, "old");
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void aFileWhereAFolderShouldBeIsNamedInWords(@TempDir Path tmp) throws IOException {
        Path notADir = Files.writeString(tmp.resolve("study"), "x");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFiles.writeString(notADir.resolve("study.json"), "{}"));
        assertTrue(e.getMessage().contains(notADir + " exists and is not a folder"), e.getMessage());
        assertTrue(e.getMessage().contains("choose a writable folder"), e.getMessage());
    }
}
