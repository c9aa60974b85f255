package dev.graft.gen;

import dev.graft.check.Checks;
import dev.graft.run.OutputFolder;
import dev.graft.run.RunDir;
import dev.graft.run.RunException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A generator run folder: {@code model.safetensors} (the generator, LoRA folded in),
 * {@code discriminator.safetensors} (GAN), {@code adapters.safetensors} (LoRA only),
 * {@code graft.json} ({@link GenInfo}), {@code metrics.jsonl} (one line per evaluation) and
 * {@code samples.png}. Sampling, scoring and further fine-tuning need nothing else. It is a
 * {@link RunDir} (the same file names, refusal to overwrite, and {@code graft.json} reading)
 * whose {@code graft.json} holds a {@link GenInfo}.
 */
public final class GenRun {
    public static final String DISCRIMINATOR = "discriminator.safetensors";
    public static final String SAMPLES = "samples.png";
    public static final String CURVE = "score_curve.png";
    public static final String SCORE = "score.json";

    private final RunDir run;
    private final OutputFolder folder;

    private GenRun(RunDir run, OutputFolder folder) {
        this.run = run;
        this.folder = folder;
    }

    /**
     * A new run folder, written in place or, when it replaces one (only with {@code force}, only a
     * folder of Graft's files), into a staging sibling that {@link #commit} swaps in.
     *
     * @param inputs local files and folders the command reads, by flag; none may be the folder
     */
    public static GenRun create(Path dir, boolean force, Map<String, Path> inputs) {
        OutputFolder f = OutputFolder.prepare(dir, force, RunDir.KIND, inputs);
        return new GenRun(new RunDir(f.dir()), f);
    }

    /** Puts the finished run in place (see {@link OutputFolder#commit}); returns it there. */
    public GenRun commit() {
        if (folder == null) {
            return this;
        }
        folder.commit();
        return new GenRun(new RunDir(folder.out()), null);
    }

    /** An existing generator run, checked to be one. */
    public static GenRun open(Path dir) {
        OutputFolder.resume(dir, RunDir.KIND, d -> false); // finishes a replacement a crash interrupted
        GenRun r = new GenRun(new RunDir(dir), null);
        if (!Files.isDirectory(dir)) {
            throw new RunException(dir + ": no such run folder; give the `out` folder of a graft gen pretrain or "
                    + "finetune run");
        }
        if (!Files.isRegularFile(r.info())) {
            throw new RunException(dir + ": no graft.json; this is not a Graft run folder (or the run did not finish)");
        }
        if (!Files.isRegularFile(r.model())) {
            throw new RunException(dir + ": no " + RunDir.MODEL + "; the run did not save a generator");
        }
        return r;
    }

    public Path dir() {
        return run.dir();
    }

    public Path model() {
        return run.model();
    }

    public Path discriminator() {
        return file(DISCRIMINATOR);
    }

    public Path adapters() {
        return run.adapters();
    }

    public Path info() {
        return run.info();
    }

    public Path metrics() {
        return run.metrics();
    }

    public Path file(String name) {
        return run.dir().resolve(name);
    }

    public void writeInfo(GenInfo info) {
        run.writeInfo(info);
    }

    public GenInfo readInfo() {
        GenInfo info = run.readInfo(GenInfo.class, raw -> {
            if (!raw.has("task") || !GenInfo.TASK.equals(raw.get("task").getAsString())) {
                throw new RunException(info() + ": a classifier run, not a generator run; give the `out` folder of "
                        + "graft gen pretrain or finetune");
            }
        });
        if (info.kind() == null || (info.kind() == GenKind.DDPM ? info.unet() == null || info.schedule() == null
                : info.gan() == null)) {
            throw new RunException(info() + ": no shape recorded for its " + info.kind() + " generator; the run "
                    + "folder is damaged");
        }
        try {
            Checks.range("samplingSteps", info.samplingSteps(), 0, info.kind() == GenKind.DDPM
                    ? info.schedule().timesteps() : Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            throw new RunException(info() + ": " + e.getMessage() + "; the run folder is damaged");
        }
        return info;
    }
}
