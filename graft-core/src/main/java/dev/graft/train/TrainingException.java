package dev.graft.train;

import dev.graft.GraftException;

/** Training could not go on (a NaN loss, say); the message says what was kept and what to change. */
public class TrainingException extends GraftException {
    /**
     * @param message one line saying what was kept and what to change
     */
    public TrainingException(String message) {
        super(message);
    }
}
