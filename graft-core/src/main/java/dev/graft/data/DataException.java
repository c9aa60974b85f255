package dev.graft.data;

/** Input data a user gave that Graft cannot use; the message names the path and the fix. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
