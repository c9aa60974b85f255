package dev.graft;

/** Version and process-wide defaults. */
public final class Graft {
    private Graft() {}
}
