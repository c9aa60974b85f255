package dev.graft.weights;

import dev.graft.GraftException;

/** A weights file that cannot be read or does not fit the model; the message names file and fix. */
public class WeightsException extends GraftException {
    /**
     * @param message one line naming the file and the fix
     */
    public WeightsException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the file and the fix
     * @param cause what went wrong underneath
     */
    public WeightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
