package dev.graft.run;

import com.google.gson.Gson;
import dev.graft.model.Network;
import dev.graft.train.EpochMetrics;
import dev.graft.train.TrainContext;
import dev.graft.train.TrainListener;
import dev.graft.weights.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Writes a run as it trains: a {@code metrics.jsonl} line per epoch, and the whole network,
 * atomically, every time validation loss reaches a new best. A crash leaves the best model so far.
 */
public final class MetricsLog implements TrainListener {
    private static final Gson GSON = new Gson().newBuilder().serializeSpecialFloatingPointValues().create();
    private final RunDir run;
    private final Network net;

    public MetricsLog(RunDir run, Network net) {
        this.run = run;
        this.net = net;
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

    @Override
    public void onNewBest(TrainContext ctx, EpochMetrics m) {
        Safetensors.write(net.stateDict(), run.model());
    }
}
