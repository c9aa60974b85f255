package dev.graft.job;

import dev.graft.peft.Lora;
import dev.graft.peft.Method;
import dev.graft.run.OutputFolder;
import dev.graft.run.RunDir;
import dev.graft.run.RunException;
import dev.graft.run.RunInfo;
import dev.graft.weights.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code graft merge}: folds a LoRA run's updates into its base weights and writes a plain run
 * folder, whose {@code model.safetensors} has the base architecture's names and nothing else, so
 * it predicts without LoRA's overhead and loads anywhere a full model does. A BitFit run becomes
 * a full model the same way; adapters hold a nonlinearity and cannot be folded.
 */
public final class MergeJob {
    private MergeJob() {}

    /**
     * @param out the new run folder
     * @param mergedLayers layers whose LoRA update was folded in
     * @param bytes size of the written model
     */
    public record Result(Path out, int mergedLayers, long bytes) {}

    /**
     * @param base the base weights, when not a registry tag or hub file as the run recorded them
     *     (null: as recorded)
     * @param force replace an existing {@code out} (a run folder holding only Graft's files)
     */
    public static Result run(Path runDir, Path out, String base, boolean force, int threads) {
        return run(runDir, out, Trusted.base(base), force, threads);
    }

    /**
     * Merges into {@code out}, which may not be the run itself or lie inside it (compared by real
     * path, so a symbolic link to the run is refused too); a replaced {@code out} is swapped in
     * only once the merged run is complete.
     */
    public static Result run(Path runDir, Path out, Trusted trusted, boolean force, int threads) {
        OutputFolder.checkOut(out);
        try (LoadedRun r = LoadedRun.open(runDir, threads, trusted)) {
            RunInfo info = r.info();
            if (info.peft() == null) {
                throw new RunException(runDir + ": a " + info.strategy() + " run holds a plain model already; "
                        + "graft merge is for lora (and bitfit) runs");
            }
            if (Method.parse(info.peft().method()) == Method.ADAPTER) {
                throw new RunException(runDir + ": adapters contain a nonlinearity and cannot be folded into the base "
                        + "weights; the run works as it is with graft predict and evaluate");
            }
            Map<String, Path> inputs = new LinkedHashMap<>();
            inputs.put("`run`", runDir);
            TrainInputs.localPath(trusted.base()).ifPresent(p -> inputs.put("`baseWeights`", p));
            OutputFolder folder = OutputFolder.prepare(out, force, RunDir.KIND, inputs);
            int merged = Lora.merge(r.net());
            RunDir dest = new RunDir(folder.dir());
            Safetensors.write(r.net().stateDict(), dest.model());
            copyIfPresent(r.dir().metrics(), dest.metrics());
            Map<String, String> config = new LinkedHashMap<>(info.config());
            config.put("mergedFrom", runDir.toAbsolutePath() + " (" + info.model().file() + ", sha256 "
                    + info.model().sha256() + ")");
            dest.writeInfo(new RunInfo(info.format(), info.created(), info.versions(), info.arch(), info.head(),
                    info.base(), info.labels(), info.preprocess(), info.strategy(), config, info.seed(), info.data(),
                    info.result(), new RunInfo.FileRef(RunDir.MODEL, RunWriter.sha256(dest.model())), null,
                    info.stopped(), info.script(), info.calibration())); // merging is exact: T still holds
            folder.commit();
            try {
                return new Result(out, merged, Files.size(new RunDir(folder.out()).model()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void copyIfPresent(Path from, Path to) {
        try {
            if (Files.isRegularFile(from)) {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }
}
