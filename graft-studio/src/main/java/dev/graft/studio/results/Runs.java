package dev.graft.studio.results;

import dev.graft.run.MetricsLog;
import dev.graft.run.RunDir;
import dev.graft.run.RunException;
import dev.graft.run.RunInfo;
import dev.graft.studio.StudioException;
import dev.graft.studio.jobs.Job;
import dev.graft.studio.jobs.JobQueue;
import dev.graft.studio.project.Dataset;
import dev.graft.studio.project.Project;
import dev.graft.studio.project.Projects;
import dev.graft.studio.project.Workspace;
import dev.graft.train.EpochMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A project's runs on disk: queueing a training, a resume or an export, listing the runs with their
 * state (read from the folders, so it survives restarts), and deleting them.
 */
public final class Runs {
    private static final Pattern RUN_ID = Pattern.compile("run-(\\d{1,9})");
    private final Projects projects;
    private final JobQueue jobs;
    private final int threads;

    public Runs(Projects projects, JobQueue jobs, int threads) {
        this.projects = projects;
        this.jobs = jobs;
        this.threads = threads;
    }

    public int threads() {
        return threads;
    }

    public Projects projects() {
        return projects;
    }

    public JobQueue jobs() {
        return jobs;
    }

    /** How many runs a project has. */
    public int count(Project p) {
        return ids(p).size();
    }

    /** The runs, newest first, as the page lists them. */
    public List<Map<String, Object>> list(Project p) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> ids = ids(p);
        for (int i = ids.size() - 1; i >= 0; i--) {
            out.add(view(p, RunFolder.of(p, ids.get(i))));
        }
        return out;
    }

    /** An existing run, or NOT_FOUND. */
    public RunFolder get(Project p, String id) {
        RunFolder r = RunFolder.of(p, id);
        if (!Files.isDirectory(r.dir())) {
            throw StudioException.notFound("no run '" + id + "' in project '" + p.name() + "'");
        }
        return r;
    }

    /** An existing run with a saved model, or a refusal saying why there is none. */
    public RunFolder withModel(Project p, String id) {
        RunFolder r = get(p, id);
        if (!r.hasModel()) {
            throw StudioException.conflict("run '" + id + "' has no saved model yet"
                    + (jobs.busy(p.id(), id) ? "; it is still training" : "; resume it or train again"));
        }
        return r;
    }

    public void delete(Project p, String id) {
        RunFolder r = get(p, id);
        if (jobs.busy(p.id(), id)) {
            throw StudioException.conflict("run '" + id + "' has a job queued or running; stop it first");
        }
        Workspace ws = projects.workspace();
        Workspace.deleteTree(ws.checked(r.dir()));
    }

    /**
     * Queues a training of the project's images as they are now.
     *
     * @param p the project
     * @param settings the checked form
     * @return the queued job
     * @throws StudioException BAD_INPUT when the images cannot train a classifier yet
     */
    public Job train(Project p, TrainSettings settings) {
        Dataset data = projects.dataset(p);
        Snapshot.checkTrainable(data);
        RunFolder r = create(p);
        new StudioMeta(Instant.now().toString(), settings.toMap(), null).write(r);
        return jobs.submit(p.id(), "train", "Train " + r.id() + " (" + settings.strategy() + ")", r.id(),
                new TrainTask(projects.workspace(), data, r, settings, threads));
    }

    /**
     * Queues the continuation of a stopped or interrupted run from its last checkpoint.
     *
     * @throws StudioException CONFLICT when it is busy or has nothing to resume
     */
    public Job resume(Project p, String id) {
        RunFolder r = get(p, id);
        if (jobs.busy(p.id(), id)) {
            throw StudioException.conflict("run '" + id + "' is already queued or running");
        }
        if (!r.resumable()) {
            throw StudioException.conflict("run '" + id + "' has no checkpoint to resume from"
                    + (r.hasModel() ? "; it finished" : "; it stopped before its first epoch ended, train it again"));
        }
        StudioMeta meta = StudioMeta.read(r);
        new StudioMeta(meta.created(), meta.settings(), null).write(r);
        return jobs.submit(p.id(), "resume", "Resume " + r.id(), r.id(),
                new TrainTask(projects.workspace(), projects.dataset(p), r, null, threads));
    }

    /**
     * Queues an ONNX export of a run.
     *
     * @throws StudioException CONFLICT when graft-onnx is missing or the run is busy
     */
    public Job exportOnnx(Project p, String id) {
        RunFolder r = withModel(p, id);
        if (jobs.busy(p.id(), id)) {
            throw StudioException.conflict("run '" + id + "' has a job queued or running; wait for it");
        }
        return jobs.submit(p.id(), "export", "Export " + id + " to ONNX", id,
                Exports.onnxTask(projects.workspace(), r, threads));
    }

    /**
     * Queues the search for mislabeled training images of a run ({@link LabelReview}).
     *
     * @throws StudioException CONFLICT when the run has no model or is busy
     */
    public Job reviewLabels(Project p, String id) {
        RunFolder r = withModel(p, id);
        if (jobs.busy(p.id(), id)) {
            throw StudioException.conflict("run '" + id + "' has a job queued or running; wait for it");
        }
        return jobs.submit(p.id(), "review", "Find label errors in " + id, id,
                LabelReview.task(projects.workspace(), r));
    }

    /** The epochs a run has recorded so far, for its curves. */
    public List<EpochMetrics> history(RunFolder r) {
        return MetricsLog.read(new RunDir(r.model()));
    }

    /** A fresh run folder: {@code run-N} with N one more than any before. */
    synchronized RunFolder create(Project p) {
        List<String> ids = ids(p);
        int next = ids.isEmpty() ? 1 : number(ids.get(ids.size() - 1)) + 1;
        RunFolder r = RunFolder.of(p, "run-" + next);
        try {
            Files.createDirectories(projects.workspace().checked(r.dir()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + r.dir() + " (" + e.getMessage() + ")", e);
        }
        return r;
    }

    /**
     * A run as the page shows it: its state, settings and scores.
     *
     * @return a JSON-ready map
     */
    public Map<String, Object> view(Project p, RunFolder r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        StudioMeta meta = StudioMeta.read(r);
        m.put("settings", meta.settings());
        m.put("created", meta.created());
        m.put("state", state(p, r));
        m.put("resumable", r.resumable() && !jobs.busy(p.id(), r.id()));
        if (r.hasModel()) {
            try {
                RunInfo info = RunDir.open(r.model()).readInfo();
                m.put("labels", info.labels());
                m.put("arch", info.arch());
                m.put("strategy", info.strategy());
                m.put("result", info.result());
                m.put("stopped", info.stopped());
            } catch (RunException e) {
                m.put("state", "damaged");
                m.put("error", e.getMessage());
            }
        }
        m.put("error", m.getOrDefault("error", meta.error()));
        return m;
    }

    private String state(Project p, RunFolder r) {
        if (jobs.busy(p.id(), r.id())) {
            return "busy";
        }
        if (r.hasModel()) {
            return r.resumable() ? "stopped" : "finished";
        }
        return r.resumable() ? "interrupted" : "failed";
    }

    private static List<String> ids(Project p) {
        if (!Files.isDirectory(p.runs())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(p.runs())) {
            return s.map(f -> f.getFileName().toString()).filter(n -> RUN_ID.matcher(n).matches())
                    .sorted(Comparator.comparingInt(Runs::number)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + p.runs() + " (" + e.getMessage() + ")", e);
        }
    }

    private static int number(String id) {
        Matcher m = RUN_ID.matcher(id);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
