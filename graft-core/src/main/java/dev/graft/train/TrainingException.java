package dev.graft.train;

/** Training could not go on (a NaN loss, say); the message says what was kept and what to change. */
public class TrainingException extends RuntimeException {
    public TrainingException(String message) {
        super(message);
    }
}
