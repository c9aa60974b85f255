package dev.graft.export;

import dev.graft.GraftException;

/** Export could not produce a file that agrees with Graft; the message says why. */
public class ExportException extends GraftException {
    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
