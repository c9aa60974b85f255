package dev.graft.studio.project;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.graft.studio.StudioException;
import dev.graft.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The projects of a workspace, kept on disk only ({@code projects/<id>/project.json}), so they
 * survive restarts and the folder is the truth.
 */
public final class Projects {
    private static final String META = "project.json";
    private static final Gson GSON = new Gson();
    private final Workspace workspace;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public Projects(Workspace workspace) {
        this.workspace = workspace;
    }

    public Workspace workspace() {
        return workspace;
    }

    /**
     * Every project, oldest first; folders without a readable {@code project.json} are left out.
     *
     * @return the projects
     */
    public List<Project> list() {
        List<Project> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(workspace.projects())) {
            for (Path d : (Iterable<Path>) dirs.sorted()::iterator) {
                Project p = read(d);
                if (p != null) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + workspace.projects() + " (" + e.getMessage() + ")", e);
        }
        out.sort(Comparator.comparing(Project::created).thenComparing(Project::id));
        return out;
    }

    /**
     * Makes an empty project.
     *
     * @param name its display name
     * @return the project
     */
    public synchronized Project create(String name) {
        String n = Names.displayName(name);
        String id;
        do {
            id = HexFormat.of().formatHex(bytes(5));
        } while (Files.exists(workspace.projects().resolve(id)));
        Path dir = workspace.checked(workspace.projects().resolve(id));
        Project p = new Project(id, n, Instant.now().toString(), dir);
        try {
            Files.createDirectories(p.data());
            Files.createDirectories(p.runs());
            Files.createDirectories(p.studies());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + " (" + e.getMessage() + ")", e);
        }
        write(p);
        return p;
    }

    /**
     * A project by id.
     *
     * @param id the id from a request
     * @return the project
     * @throws StudioException NOT_FOUND when there is none
     */
    public Project get(String id) {
        Names.id(id, "project");
        Project p = read(workspace.projects().resolve(id));
        if (p == null) {
            throw StudioException.notFound("no project '" + id + "'; it may have been deleted");
        }
        return p;
    }

    public synchronized Project rename(String id, String name) {
        Project p = get(id).withName(Names.displayName(name));
        write(p);
        return p;
    }

    /** Deletes a project with its images, runs and studies. */
    public synchronized void delete(String id) {
        Project p = get(id);
        Workspace.deleteTree(workspace.checked(p.dir()));
    }

    /**
     * The images of a project; changes through any {@link Dataset} of the same project are serialised.
     *
     * @param p the project
     * @return its data set
     */
    public Dataset dataset(Project p) {
        return new Dataset(workspace, p, locks.computeIfAbsent(p.id(), k -> new Object()));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private void write(Project p) {
        JsonObject o = new JsonObject();
        o.addProperty("id", p.id());
        o.addProperty("name", p.name());
        o.addProperty("created", p.created());
        AtomicFiles.writeString(workspace.checked(p.dir().resolve(META)), GSON.toJson(o));
    }

    private static Project read(Path dir) {
        Path meta = dir.resolve(META);
        if (!Files.isRegularFile(meta)) {
            return null;
        }
        try {
            JsonObject o = GSON.fromJson(Files.readString(meta), JsonObject.class);
            return new Project(dir.getFileName().toString(), o.get("name").getAsString(),
                    o.get("created").getAsString(), dir);
        } catch (IOException | JsonParseException | NullPointerException | IllegalStateException e) {
            return null; // a damaged project.json hides the project rather than breaking the list
        }
    }
}
