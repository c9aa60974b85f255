package dev.graft.studio.jobs;

import dev.graft.train.EpochMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One queued piece of work (a training, a resumed training, a comparison study, a review, an
 * export) and what it has reported so far: its state, phase, position in the epoch, and the
 * loss and accuracy curves the page draws.
 */
public final class Job {
    /** Where a job is in its life. */
    public enum State { QUEUED, RUNNING, DONE, FAILED, STOPPED, CANCELLED }

    /** Step losses kept for the live curve; older points are thinned, not dropped. */
    private static final int MAX_STEPS = 2_000;

    private final String id;
    private final String project;
    private final String kind;
    private final String title;
    private final String target;
    private final Task task;
    private final Events events;
    private final Instant created = Instant.now();
    private final List<EpochMetrics> epochs = new ArrayList<>();
    private final List<double[]> steps = new ArrayList<>();
    /** The step count when each epoch ended (null for epochs from before a resume), to place them on the curve. */
    private final List<Long> epochAt = new ArrayList<>();
    private volatile State state = State.QUEUED;
    private volatile Instant started;
    private volatile Instant finished;
    private volatile String message = "";
    private volatile String phase = "";
    private volatile int epoch;
    private volatile int phaseEpochs;
    private volatile long stepsPerEpoch;
    private volatile boolean stopRequested;
    private long stepCount;
    private long lastStepEvent;

    Job(String id, String project, String kind, String title, String target, Task task, Events events) {
        this.id = id;
        this.project = project;
        this.kind = kind;
        this.title = title;
        this.target = target;
        this.task = task;
        this.events = events;
    }

    public String id() {
        return id;
    }

    public String project() {
        return project;
    }

    public String kind() {
        return kind;
    }

    /** The run or study the job writes. */
    public String target() {
        return target;
    }

    public State state() {
        return state;
    }

    Task task() {
        return task;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /** Whether the job is queued or running. */
    public boolean active() {
        return state == State.QUEUED || state == State.RUNNING;
    }

    /** Says what the job is doing now, in a few words. */
    public void say(String text) {
        message = text;
        announce();
    }

    /** A new phase of training started. */
    public void phase(String name, int epochsInPhase, long steps) {
        phase = name;
        phaseEpochs = epochsInPhase;
        stepsPerEpoch = steps;
        epoch = 0;
        announce();
    }

    public void epochBegins(int e) {
        epoch = e;
    }

    /** One optimizer step; the page hears of steps at most five times a second. */
    public void step(double loss) {
        boolean send;
        synchronized (this) {
            stepCount++;
            steps.add(new double[] {stepCount, loss});
            if (steps.size() > MAX_STEPS) {
                for (int i = steps.size() - 1; i > 0; i -= 2) {
                    steps.remove(i - 1); // halves the older points, keeps the latest
                }
            }
            long now = System.currentTimeMillis();
            send = now - lastStepEvent >= 200;
            if (send) {
                lastStepEvent = now;
            }
        }
        if (send) {
            events.publish("step", Map.of("job", id, "step", stepCount, "loss", loss, "phase", phase, "epoch", epoch,
                    "epochs", phaseEpochs));
        }
    }

    /** One epoch finished, with its validation scores. */
    public void epochEnds(EpochMetrics m) {
        long at;
        synchronized (this) {
            epochs.add(m);
            epochAt.add(stepCount);
            at = stepCount;
        }
        events.publish("epoch", Map.of("job", id, "metrics", m, "at", at));
    }

    /** Earlier epochs of a resumed run, so its curve starts where it left off. */
    public synchronized void history(List<EpochMetrics> earlier) {
        epochs.addAll(0, earlier);
        epochAt.addAll(0, java.util.Collections.nCopies(earlier.size(), (Long) null));
    }

    void state(State s, String text) {
        state = s;
        if (s == State.RUNNING) {
            started = Instant.now();
        }
        if (!active()) {
            finished = Instant.now();
        }
        if (text != null) {
            message = text;
        }
        announce();
    }

    void requestStop() {
        stopRequested = true;
    }

    private void announce() {
        events.publish("job", json(-1));
    }

    /**
     * The job as the page sees it.
     *
     * @param position its place in the queue (0 = next), or -1 when not queued
     * @return a JSON-ready map
     */
    public synchronized Map<String, Object> json(int position) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("project", project);
        m.put("kind", kind);
        m.put("title", title);
        m.put("target", target);
        m.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        m.put("message", message);
        m.put("position", position);
        m.put("stoppable", task.stoppable() && state == State.RUNNING);
        m.put("created", created.toString());
        m.put("started", started == null ? null : started.toString());
        m.put("finished", finished == null ? null : finished.toString());
        m.put("phase", phase);
        m.put("epoch", epoch);
        m.put("epochs", phaseEpochs);
        m.put("stepsPerEpoch", stepsPerEpoch);
        m.put("history", new ArrayList<>(epochs));
        m.put("epochAt", new ArrayList<>(epochAt));
        m.put("steps", new ArrayList<>(steps));
        return m;
    }
}
