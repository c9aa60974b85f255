package dev.graft.studio.project;

import java.nio.file.Path;

/**
 * A project: its images, in one folder per class, and the runs and studies made from them.
 *
 * @param id the folder name under the workspace's {@code projects/}; never changes
 * @param name what the person called it; renaming changes only this
 * @param created when it was made, ISO-8601
 * @param dir the project's folder
 */
public record Project(String id, String name, String created, Path dir) {
    /** The images, one subfolder per class: torchvision's ImageFolder layout, which training reads as is. */
    public Path data() {
        return dir.resolve("data");
    }

    /** Run folders, one per training, each a complete Graft run. */
    public Path runs() {
        return dir.resolve("runs");
    }

    /** Study folders, one per comparison. */
    public Path studies() {
        return dir.resolve("studies");
    }

    /** Thumbnails, exports and other files the Studio can rebuild. */
    public Path cache() {
        return dir.resolve("cache");
    }

    Project withName(String newName) {
        return new Project(id, newName, created, dir);
    }
}
