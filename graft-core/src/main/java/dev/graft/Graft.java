package dev.graft;

/** Graft's version, written into every run's provenance. */
public final class Graft {
    /** The release this code belongs to. */
    public static final String VERSION = "0.1.0";

    /** Version of the run-folder layout; readers accept this and every earlier one. */
    public static final int RUN_FORMAT = 1;

    private Graft() {}
}
