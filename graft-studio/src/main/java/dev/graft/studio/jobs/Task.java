package dev.graft.studio.jobs;

/**
 * The work of one job. {@link #run} does it on the queue's worker thread; {@link #stop} may be
 * called from any thread and asks it to end early and save what it has.
 */
public interface Task {
    /**
     * Does the work.
     *
     * @param job the job, for reporting progress
     * @throws Exception any failure, which marks the job failed with the exception's message
     */
    void run(Job job) throws Exception;

    /** Asks a running task to stop soon; the default ignores the request. */
    default void stop() {}

    /** Whether {@link #stop} does anything for this task. */
    default boolean stoppable() {
        return false;
    }
}
