package dev.graft.weights;

/** A weights file that cannot be read or does not fit the model; the message names file and fix. */
public class WeightsException extends RuntimeException {
    public WeightsException(String message) {
        super(message);
    }

    public WeightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
