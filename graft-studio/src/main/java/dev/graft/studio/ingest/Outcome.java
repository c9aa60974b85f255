package dev.graft.studio.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * What an upload or import did, file by file: a refused file never stops the others.
 *
 * @param added the images kept
 * @param refused the files refused, each with its reason
 */
public record Outcome(List<Added> added, List<Refused> refused) {
    /**
     * An image kept.
     *
     * @param cls its class
     * @param name its stored file name
     * @param from the name it came with
     */
    public record Added(String cls, String name, String from) {}

    /**
     * A file refused.
     *
     * @param file the name it came with (or its path inside a zip or folder)
     * @param reason why
     */
    public record Refused(String file, String reason) {}

    /** An empty outcome to fill. */
    public static Outcome empty() {
        return new Outcome(new ArrayList<>(), new ArrayList<>());
    }

    void add(String cls, String name, String from) {
        added.add(new Added(cls, name, from));
    }

    void refuse(String file, String reason) {
        refused.add(new Refused(file, reason));
    }
}
