package dev.graft.studio.jobs;

import dev.graft.studio.StudioException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Studio's one worker: jobs run one at a time, in the order they were queued, because
 * training takes every core and two at once would each run at half speed or worse. Queued jobs
 * can be cancelled; a running job can be asked to stop, and saves what it has.
 */
public final class JobQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);
    private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Events events;
    private final Thread worker;
    private volatile Job running;
    private volatile boolean closed;

    public JobQueue(Events events) {
        this.events = events;
        this.worker = new Thread(this::work, "graft-studio-jobs");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /**
     * Queues a job.
     *
     * @param project the project it belongs to
     * @param kind {@code train}, {@code resume}, {@code study}, {@code review} or {@code export}
     * @param title what the page shows
     * @param target the run or study it writes
     * @param task the work
     * @return the job, queued
     */
    public synchronized Job submit(String project, String kind, String title, String target, Task task) {
        if (closed) {
            throw StudioException.conflict("the Studio is shutting down; start it again");
        }
        Job j = new Job("j" + ids.incrementAndGet(), project, kind, title, target, task, events);
        jobs.put(j.id(), j);
        queue.add(j);
        j.state(Job.State.QUEUED, running == null ? "starting" : "waiting for the job before it");
        return j;
    }

    /** Every job since the Studio started, each with its place in the queue. */
    public synchronized List<Map<String, Object>> list() {
        List<Job> waiting = new ArrayList<>(queue);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Job j : jobs.values()) {
            out.add(j.json(waiting.indexOf(j)));
        }
        return out;
    }

    public synchronized Job get(String id) {
        Job j = jobs.get(id);
        if (j == null) {
            throw StudioException.notFound("no job '" + id + "'");
        }
        return j;
    }

    /** Whether anything is queued or running for a project or one of its runs or studies (target null: any). */
    public synchronized boolean busy(String project, String target) {
        return jobs.values().stream().anyMatch(j -> j.active() && j.project().equals(project)
                && (target == null || target.equals(j.target())));
    }

    /**
     * Cancels a queued job, or asks a running one to stop after its current step.
     *
     * @param id the job
     * @return the job
     */
    public synchronized Job stop(String id) {
        Job j = get(id);
        if (j.state() == Job.State.QUEUED) {
            queue.remove(j); // the worker may have just taken it; it checks for CANCELLED before starting
            j.state(Job.State.CANCELLED, "cancelled before it started");
        } else if (j.state() == Job.State.RUNNING) {
            if (!j.task().stoppable()) {
                throw StudioException.conflict("this " + j.kind() + " job cannot be stopped; it ends on its own");
            }
            j.requestStop();
            j.say("stopping after the current step...");
            j.task().stop();
        } else {
            throw StudioException.conflict("job " + id + " is " + j.state().name().toLowerCase(java.util.Locale.ROOT)
                    + "; there is nothing to stop");
        }
        return j;
    }

    private void work() {
        while (!closed) {
            Job j;
            try {
                j = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (j == null) {
                continue;
            }
            synchronized (this) {
                if (j.state() == Job.State.CANCELLED) {
                    continue;
                }
                running = j;
                j.state(Job.State.RUNNING, "running");
            }
            try {
                j.task().run(j);
                j.state(j.stopRequested() ? Job.State.STOPPED : Job.State.DONE,
                        j.stopRequested() ? "stopped; resume it from the run's page" : "done");
            } catch (Throwable e) { // whatever a job throws fails that job, never the worker and the jobs after it
                LOG.warn("job {} failed", j.id(), e);
                String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                j.state(Job.State.FAILED, m);
            } finally {
                running = null;
            }
            synchronized (this) {
                for (Job w : queue) {
                    w.say(w == queue.peek() ? "starting" : "waiting for the jobs before it");
                }
            }
        }
    }

    /** Stops the running job (it saves its run), cancels the queue and waits for the worker. */
    @Override
    public void close() {
        Job r;
        synchronized (this) {
            closed = true;
            for (Job j : queue) {
                j.state(Job.State.CANCELLED, "the Studio shut down");
            }
            queue.clear();
            r = running;
        }
        if (r != null && r.task().stoppable()) {
            r.requestStop();
            r.task().stop();
        }
        try {
            worker.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
