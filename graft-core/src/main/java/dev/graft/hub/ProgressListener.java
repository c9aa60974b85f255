package dev.graft.hub;

/**
 * Hears how a download proceeds; every method does nothing unless overridden. A resumed transfer
 * starts with {@code doneBytes} already above zero. {@code totalBytes} is -1 when the server does
 * not say.
 */
public interface ProgressListener {
    /** Hears nothing. */
    ProgressListener NONE = new ProgressListener() {};

    default void started(String name, long doneBytes, long totalBytes) {}

    default void progress(String name, long doneBytes, long totalBytes) {}

    default void finished(String name, long totalBytes) {}

    /** The download failed for good (after its retries); nothing was finished. */
    default void failed(String name) {}

    /** A one-line text bar on standard error, redrawn in place. */
    static ProgressListener stderrBar() {
        return new ConsoleProgressBar(System.err);
    }
}
