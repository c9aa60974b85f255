package dev.graft.hub;

import dev.graft.weights.WeightsException;

/** Weights that could not be fetched; the message says what was wanted and what to do. */
public class DownloadException extends WeightsException {
    private final boolean offline;

    public DownloadException(String message, boolean offline, Throwable cause) {
        super(message, cause);
        this.offline = offline;
    }

    /** True when the host could not be reached at all, as on a machine without network. */
    public boolean offline() {
        return offline;
    }
}
