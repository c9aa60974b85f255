package dev.graft.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft studio} is a command of the graft CLI, with its flags and one-line errors. */
class StudioCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run graft(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void helpNamesTheFlags() {
        Run r = graft("studio", "--help");
        assertEquals(0, r.code(), r.err());
        for (String flag : new String[] {"--port", "--workspace", "--host", "--threads"}) {
            assertTrue(r.out().contains(flag), flag + " in " + r.out());
        }
        assertTrue(graft("--help").out().contains("studio"), "graft lists the studio command");
    }

    @Test
    void aPortInUseIsOneLineAndExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Run r = graft("studio", "--port", String.valueOf(taken.getLocalPort()), "--workspace",
                    dir.resolve("ws").toString());
            assertEquals(1, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    && r.err().contains("--port"), r.err());
        }
        Run bad = graft("studio", "--port", "70000");
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.err().contains("port must be 0-65535"), bad.err());
    }

    @Test
    void anUnusableWorkspaceIsNamed() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        Run r = graft("studio", "--port", "0", "--workspace", file.resolve("ws").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(file.resolve("ws").toString()) && r.err().contains("--workspace"), r.err());
    }
}
