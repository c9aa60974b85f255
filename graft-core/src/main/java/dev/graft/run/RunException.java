package dev.graft.run;

/** A run folder that cannot be created or read; the message names the folder and the fix. */
public class RunException extends RuntimeException {
    public RunException(String message) {
        super(message);
    }
}
