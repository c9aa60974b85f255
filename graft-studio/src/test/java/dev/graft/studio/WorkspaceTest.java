package dev.graft.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.studio.project.Names;
import dev.graft.studio.project.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last line of defence: no path the Studio writes may resolve outside the workspace. */
class WorkspaceTest {
    @TempDir
    Path dir;

    @Test
    void pathsOutsideTheWorkspaceAreRefusedLinksIncluded() throws Exception {
        Workspace ws = Workspace.open(dir.resolve("ws"));
        Path inside = ws.projects().resolve("p/data/a/new.png");
        assertEquals(inside, ws.checked(inside), "a path not yet made, inside");
        for (Path out : new Path[] {ws.root().resolve("../escape.png"), ws.projects().resolve("p/../../../x"),
                dir.resolve("other"), Path.of("/etc/passwd")}) {
            StudioException e = assertThrows(StudioException.class, () -> ws.checked(out), out.toString());
            assertEquals(StudioException.Kind.FORBIDDEN, e.kind());
            assertTrue(e.getMessage().contains("outside the Studio's workspace"), e.getMessage());
        }
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createDirectories(ws.projects().resolve("p"));
        Files.createSymbolicLink(ws.projects().resolve("p/link"), outside);
        assertThrows(StudioException.class, () -> ws.checked(ws.projects().resolve("p/link/file.png")));
        assertThrows(StudioException.class, () -> ws.checked(ws.projects().resolve("p/link/sub/deeper.png")));
    }

    @Test
    void uploadedNamesBecomeSafeStems() {
        assertEquals("passwd", Names.stem("../../etc/passwd"));
        assertEquals("evil", Names.stem("C:\\\\Windows\\\\evil.exe"));
        assertEquals("image", Names.stem("...."));
        assertEquals("a_b_c", Names.stem("a b<c>.png"));
        assertEquals("image", Names.stem(null));
        assertEquals(60, Names.stem("x".repeat(300) + ".png").length());
    }
}
