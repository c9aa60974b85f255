package dev.graft.data;

import dev.graft.GraftException;

/** Input data a user gave that Graft cannot use; the message names the path and the fix. */
public class DataException extends GraftException {
    /**
     * @param message one line naming the path and the fix
     */
    public DataException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the path and the fix
     * @param cause what went wrong underneath
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
