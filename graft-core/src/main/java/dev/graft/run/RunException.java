package dev.graft.run;

import dev.graft.GraftException;

/** A run folder that cannot be created or read; the message names the folder and the fix. */
public class RunException extends GraftException {
    /**
     * @param message one line naming the folder and the fix
     */
    public RunException(String message) {
        super(message);
    }
}
