package dev.graft.hub;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Draws {@code name [#######.......]  45%  12.3/27.0 MB} on one line, redrawn with a carriage
 * return at most every 100 ms (a terminal drawing each 64 KB chunk would slow the download), and
 * ends the line when the download finishes.
 */
public final class ConsoleProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private long lastDraw;

    public ConsoleProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(String name, long doneBytes, long totalBytes) {
        lastDraw = 0;
        draw(name, doneBytes, totalBytes);
    }

    @Override
    public void progress(String name, long doneBytes, long totalBytes) {
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            draw(name, doneBytes, totalBytes);
        }
    }

    @Override
    public void finished(String name, long totalBytes) {
        draw(name, totalBytes, totalBytes);
        out.println();
        out.flush();
        lastDraw = 0;
    }

    /** Ends the half-drawn line, so the error that follows starts a line of its own. */
    @Override
    public void failed(String name) {
        if (lastDraw != 0) {
            out.println();
            out.flush();
            lastDraw = 0;
        }
    }

    private void draw(String name, long done, long total) {
        lastDraw = System.nanoTime();
        String line;
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, done * WIDTH / total);
            line = String.format(Locale.ROOT, "\r%s [%s%s] %3d%%  %s/%s", name, "#".repeat(filled),
                    ".".repeat(WIDTH - filled), done * 100 / total, megabytes(done), megabytes(total) + " MB");
        } else {
            line = String.format(Locale.ROOT, "\r%s  %s MB", name, megabytes(done));
        }
        out.print(line);
        out.flush();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }
}
