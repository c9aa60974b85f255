package dev.graft.studio.results;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.graft.model.PretrainedSpec;
import dev.graft.model.PretrainedSpecs;
import dev.graft.recipe.Strategy;
import dev.graft.studio.StudioException;
import dev.graft.studio.jobs.Job;
import dev.graft.studio.jobs.JobQueue;
import dev.graft.studio.project.Names;
import dev.graft.studio.project.Project;
import dev.graft.studio.project.Projects;
import dev.graft.study.StudyConfig;
import dev.graft.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Comparisons: {@code graft study} on a project's images (strategies × images per class, one
 * seed), each in {@code studies/study-N/} with its frozen images ({@code data/}), the study's own
 * folder ({@code out/}: {@code study.json}, {@code report.html}) and the form ({@code studio.json}).
 */
public final class Studies {
    private static final Pattern ID = Pattern.compile("study-(\\d{1,9})");
    private static final Gson GSON = new Gson();
    private final Projects projects;
    private final JobQueue jobs;
    private final int threads;

    public Studies(Projects projects, JobQueue jobs, int threads) {
        this.projects = projects;
        this.jobs = jobs;
        this.threads = threads;
    }

    /**
     * Queues a comparison.
     *
     * @param p the project
     * @param o the form: {@code backbone} (a registry tag), {@code sizes} ("5,10,all"),
     *     {@code strategies} (a list), {@code epochs}
     * @return the job
     */
    public Job start(Project p, JsonObject o) {
        String backbone = TrainSettings.text(o, "backbone", PretrainedSpecs.FMNIST_SOURCE);
        PretrainedSpec spec = PretrainedSpecs.find(backbone).orElseThrow(() -> StudioException.badInput(
                "backbone '" + backbone + "' is not a known registry tag; pick one from the list"));
        List<Integer> sizes;
        try {
            sizes = StudyConfig.parseSizes(TrainSettings.text(o, "sizes", "5,10,all"));
        } catch (IllegalArgumentException e) {
            throw StudioException.badInput(e.getMessage());
        }
        List<String> strategies = new ArrayList<>();
        if (o.has("strategies") && o.get("strategies").isJsonArray()) {
            o.getAsJsonArray("strategies").forEach(e -> strategies.add(e.getAsString()));
        }
        if (strategies.isEmpty()) {
            throw StudioException.badInput("choose at least one strategy to compare");
        }
        for (String s : strategies) {
            try {
                Strategy.parse(s);
            } catch (IllegalArgumentException e) {
                throw StudioException.badInput(e.getMessage());
            }
        }
        int epochs = TrainSettings.number(o, "epochs", 10, 1, 500).intValue();
        Snapshot.checkTrainable(projects.dataset(p));
        Path dir = create(p);
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("backbone", backbone);
        form.put("arch", spec.arch());
        form.put("sizes", sizes);
        form.put("strategies", strategies);
        form.put("epochs", epochs);
        AtomicFiles.writeString(dir.resolve("studio.json"), GSON.toJson(form));
        String id = dir.getFileName().toString();
        return jobs.submit(p.id(), "study", "Compare " + String.join(", ", strategies), id,
                new StudyTask(projects.workspace(), projects.dataset(p), dir, form, threads));
    }

    /** The comparisons, newest first. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list(Project p) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path d : dirs(p)) {
            String id = d.getFileName().toString();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            boolean report = Files.isRegularFile(report(d));
            m.put("state", jobs.busy(p.id(), id) ? "busy" : report ? "finished" : "failed");
            m.put("report", report);
            try {
                Map<String, Object> form = GSON.fromJson(Files.readString(d.resolve("studio.json")), Map.class);
                m.put("summary", String.join(", ", (List<String>) form.get("strategies")) + " at "
                        + sizes((List<?>) form.get("sizes")) + " images per class, " + form.get("epochs")
                        + " epochs, from " + form.get("backbone"));
            } catch (IOException | JsonParseException | ClassCastException | NullPointerException e) {
                m.put("summary", "");
            }
            out.add(0, m);
        }
        return out;
    }

    /** Sizes as the form takes them: {@code 5, 10, all}. */
    private static String sizes(List<?> sizes) {
        List<String> out = new ArrayList<>();
        for (Object o : sizes) {
            int n = ((Number) o).intValue();
            out.add(n == 0 ? "all" : String.valueOf(n));
        }
        return String.join(", ", out);
    }

    /** A comparison's report file, or NOT_FOUND. */
    public Path report(Project p, String id) {
        Path f = report(p.studies().resolve(Names.id(id, "study")));
        if (!Files.isRegularFile(f)) {
            throw StudioException.notFound("comparison '" + id + "' has no report"
                    + (jobs.busy(p.id(), id) ? " yet; it is still running" : ""));
        }
        return f;
    }

    static Path report(Path studyDir) {
        return studyDir.resolve("out").resolve("report.html");
    }

    private synchronized Path create(Project p) {
        List<Path> dirs = dirs(p);
        int next = dirs.isEmpty() ? 1 : number(dirs.get(dirs.size() - 1)) + 1;
        Path d = projects.workspace().checked(p.studies().resolve("study-" + next));
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + d + " (" + e.getMessage() + ")", e);
        }
        return d;
    }

    private static List<Path> dirs(Project p) {
        if (!Files.isDirectory(p.studies())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(p.studies())) {
            return s.filter(d -> ID.matcher(d.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(Studies::number)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + p.studies() + " (" + e.getMessage() + ")", e);
        }
    }

    private static int number(Path d) {
        Matcher m = ID.matcher(d.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
