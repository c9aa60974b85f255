package dev.graft.study;

/** What study listeners may see and ask of a running study. */
public interface StudyContext {
    StudyConfig config();

    /** Ends the study after the current cell; every finished cell stays saved for {@code --resume}. */
    void requestStop(String reason);
}
