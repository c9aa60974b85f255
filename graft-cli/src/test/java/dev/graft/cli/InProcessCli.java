package dev.graft.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The real {@code graft} command line, run in this JVM with its output captured; commands of other
 * modules join it through their plugin lists, so graft-onnx's and graft-studio's tests use it too.
 */
public final class InProcessCli {
    /** Exit code and captured output of one command. */
    public record Result(int code, String out, String err) {}

    private InProcessCli() {}

    /** Runs {@code graft args...}; one command at a time, since System.out and System.err are swapped. */
    public static synchronized Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
