package dev.graft.run;

import com.google.gson.Gson;
import dev.graft.model.Network;
import dev.graft.train.EpochMetrics;
import dev.graft.train.TrainContext;
import dev.graft.train.TrainListener;
import dev.graft.io.AtomicFiles;
import dev.graft.weights.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes a run as it trains: a {@code metrics.jsonl} line per epoch, and the whole network,
 * atomically, every time validation loss reaches a new best. A crash leaves the best model so far.
 */
public final class MetricsLog implements TrainListener {
    private static final Gson GSON = new Gson().newBuilder().serializeSpecialFloatingPointValues().create();
    private final RunDir run;
    private final Network net;
    private final Consumer<Network> saveBest;

    /** Saves the whole network to {@code model.safetensors} at every new best. */
    public MetricsLog(RunDir run, Network net) {
        this(run, net, n -> Safetensors.write(n.stateDict(), run.model()));
    }

    /**
     * @param saveBest writes the network at every new best (a parameter-efficient run writes only
     *     its trained tensors)
     */
    public MetricsLog(RunDir run, Network net, Consumer<Network> saveBest) {
        this.run = run;
        this.net = net;
        this.saveBest = saveBest;
    }

    @Override
    public void onEpochEnd(TrainContext ctx, EpochMetrics m) {
        try {
            Files.writeString(run.metrics(), GSON.toJson(m) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + run.metrics(), e);
        }
    }

    /** Replaces {@code metrics.jsonl} with these epochs: a resumed run starts from its checkpoint's history. */
    public static void rewrite(RunDir run, List<EpochMetrics> epochs) {
        StringBuilder sb = new StringBuilder();
        epochs.forEach(m -> sb.append(GSON.toJson(m)).append('\n'));
        AtomicFiles.writeString(run.metrics(), sb.toString());
    }

    /**
     * The epochs a run's {@code metrics.jsonl} holds, in order: for drawing the curves of a run
     * that finished, or of a stopped run before it resumes.
     *
     * @param run the run folder
     * @return the epochs; empty when the run has not finished an epoch yet
     * @throws RunException when the file is damaged
     */
    public static List<EpochMetrics> read(RunDir run) {
        if (!Files.isRegularFile(run.metrics())) {
            return List.of();
        }
        try {
            List<EpochMetrics> out = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(run.metrics(), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(GSON.fromJson(line, EpochMetrics.class));
                }
            }
            return out;
        } catch (IOException | com.google.gson.JsonParseException e) {
            throw new RunException(run.metrics() + ": unreadable (" + e.getMessage() + "); the run folder is damaged");
        }
    }

    @Override
    public void onNewBest(TrainContext ctx, EpochMetrics m) {
        saveBest.accept(net);
    }
}
