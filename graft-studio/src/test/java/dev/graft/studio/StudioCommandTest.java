package dev.graft.studio;

import dev.graft.cli.InProcessCli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft studio} is a command of the graft CLI, with its flags and one-line errors. */
class StudioCommandTest {
    @TempDir
    Path dir;

    private static InProcessCli.Result graft(String... args) {
        return InProcessCli.run(args);
    }

    @Test
    void helpNamesTheFlags() {
        InProcessCli.Result r = graft("studio", "--help");
        assertEquals(0, r.code(), r.err());
        for (String flag : new String[] {"--port", "--workspace", "--host", "--threads"}) {
            assertTrue(r.out().contains(flag), flag + " in " + r.out());
        }
        assertTrue(graft("--help").out().contains("studio"), "graft lists the studio command");
    }

    @Test
    void aPortInUseIsOneLineAndExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            InProcessCli.Result r = graft("studio", "--port", String.valueOf(taken.getLocalPort()), "--workspace",
                    dir.resolve("ws").toString());
            assertEquals(1, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    && r.err().contains("--port"), r.err());
        }
        InProcessCli.Result bad = graft("studio", "--port", "70000");
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.err().contains("port must be 0-65535"), bad.err());
    }

    @Test
    void anUnusableWorkspaceIsNamed() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        InProcessCli.Result r = graft("studio", "--port", "0", "--workspace", file.resolve("ws").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(file.resolve("ws").toString()) && r.err().contains("--workspace"), r.err());
    }
}
