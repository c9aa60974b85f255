package dev.graft.train;

import dev.graft.check.Checks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.graft.nn.Module;
import dev.graft.nn.Param;
import dev.graft.weights.HostTensor;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link CheckpointHook} that keeps one checkpoint file, replaced atomically at every save: the
 * whole network ({@code model.*}), the trainer's best weights ({@code best.*}), the optimizer
 * ({@code optim.*}) and listener state ({@code extra.<name>.*}) as tensors, and the rest (phase,
 * position, best scores, history, finished phases, frozen parameters) as JSON metadata. A crash
 * at any moment leaves the previous complete checkpoint.
 *
 * <p>Phases are counted by {@link Trainer#fit} calls. Resumed, the checkpointer returns the saved
 * results of phases that had finished, restores weights and freeze state for the phase that was
 * running, and lets later phases start fresh.
 */
public final class Checkpointer implements CheckpointHook {
    /** The metadata key of the JSON part. */
    public static final String META = "graft.checkpoint";
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final Path file;
    private final Module net;
    private final int everySteps;
    private final Saved resume;
    private final List<TrainResult> finished = new ArrayList<>();
    private int phaseIndex = -1;

    /**
     * What a checkpoint file holds.
     *
     * @param phaseIndex which fit of the recipe was running (0-based)
     * @param phase its name
     * @param state the trainer's state
     * @param finished results of the phases before it
     * @param model the whole network's tensors
     * @param frozen names of the parameters that were frozen
     */
    public record Saved(int phaseIndex, String phase, TrainState state, List<TrainResult> finished, StateDict model,
            Set<String> frozen) {}

    /** The JSON part of a checkpoint. */
    private record Meta(int format, int phaseIndex, String phase, int epoch, int batch, long step, double lossSum,
            long correct, long seen, double bestLoss, double bestAcc, int bestEpoch, int sinceBest, String earlyStop,
            List<EpochMetrics> history, List<TrainResult> finished, List<String> frozen, List<String> extras,
            Map<String, Map<String, String>> extraMeta) {}

    /**
     * @param file the checkpoint file
     * @param net the whole network (a phase may train only part of it, such as the head)
     * @param everySteps also save every this many steps inside an epoch; 0 for epoch ends only
     * @param resume a checkpoint to continue from, or null for a new run
     */
    public Checkpointer(Path file, Module net, int everySteps, Saved resume) {
        if (everySteps < 0) {
            throw new IllegalArgumentException("`checkpointEvery` must be >= 0, got " + everySteps);
        }
        this.file = file;
        this.net = net;
        this.everySteps = everySteps;
        this.resume = resume;
    }

    public Path file() {
        return file;
    }

    @Override
    public int everySteps() {
        return everySteps;
    }

    @Override
    public Start onFitStart(TrainContext ctx) {
        phaseIndex++;
        if (resume == null || phaseIndex > resume.phaseIndex()) {
            return Start.FRESH;
        }
        if (phaseIndex < resume.phaseIndex()) {
            TrainResult done = resume.finished().get(phaseIndex);
            finished.add(done);
            return new Start(null, done);
        }
        if (!resume.phase().equals(ctx.phase())) {
            throw new WeightsException(file + ": saved during phase '" + resume.phase() + "' but this recipe's phase "
                    + (phaseIndex + 1) + " is '" + ctx.phase() + "'; the run's configuration changed since");
        }
        restoreNetwork(resume);
        return new Start(resume.state(), null);
    }

    @Override
    public void onTrainEnd(TrainContext ctx, TrainResult result) {
        finished.add(result);
    }

    @Override
    public void save(TrainContext ctx, TrainState s) {
        StateDict out = new StateDict();
        net.stateDict().tensors().forEach((n, t) -> out.put("model." + n, t));
        s.best().tensors().forEach((n, t) -> out.put("best." + n, t));
        s.optimizer().tensors().forEach((n, t) -> out.put("optim." + n, t));
        Map<String, Map<String, String>> extraMeta = new LinkedHashMap<>();
        s.extras().forEach((name, st) -> {
            st.tensors().forEach((n, t) -> out.put("extra." + name + "." + n, t));
            extraMeta.put(name, new LinkedHashMap<>(st.metadata()));
        });
        List<String> frozen = new ArrayList<>();
        net.namedParams().forEach((n, p) -> {
            if (!p.isBuffer() && p.frozen()) {
                frozen.add(n);
            }
        });
        Meta meta = new Meta(1, phaseIndex, ctx.phase(), s.epoch(), s.batch(), s.step(), s.lossSum(), s.correct(),
                s.seen(), s.bestLoss(), s.bestAcc(), s.bestEpoch(), s.sinceBest(), s.earlyStop(), s.history(),
                List.copyOf(finished), frozen, List.copyOf(s.extras().keySet()), extraMeta);
        out.metadata().put(META, GSON.toJson(meta));
        Safetensors.write(out, file);
    }

    /** Reads a checkpoint written by {@link #save}. */
    public static Saved read(Path file) {
        StateDict all = Safetensors.read(file);
        String json = all.metadata().get(META);
        if (json == null) {
            throw new WeightsException(file + ": not a Graft checkpoint (no " + META + " metadata)");
        }
        Meta m;
        try {
            m = GSON.fromJson(json, Meta.class);
        } catch (JsonParseException e) {
            throw new WeightsException(file + ": damaged checkpoint metadata (" + e.getMessage() + ")", e);
        }
        if (m.format() > 1) {
            throw new WeightsException(file + ": written by a newer Graft (checkpoint format " + m.format() + ")");
        }
        try {
            // counts from the file steer how many batches a resumed epoch skips: none may be negative
            Checks.atLeast("phaseIndex", m.phaseIndex(), 0);
            Checks.atLeast("epoch", m.epoch(), 0);
            Checks.atLeast("batch", m.batch(), 0);
            Checks.range("step", m.step(), 0, Long.MAX_VALUE);
            Checks.range("seen", m.seen(), 0, Long.MAX_VALUE);
            Checks.range("correct", m.correct(), 0, m.seen());
            Checks.atLeast("bestEpoch", m.bestEpoch(), 0);
            Checks.atLeast("sinceBest", m.sinceBest(), 0);
            Checks.require(!Double.isNaN(m.lossSum()), "lossSum", "a number", m.lossSum());
        } catch (IllegalArgumentException e) {
            throw new WeightsException(file + ": checkpoint " + e.getMessage() + "; the checkpoint is damaged, start "
                    + "the run again with `force`");
        }
        Map<String, StateDict> extras = new LinkedHashMap<>();
        for (String name : m.extras()) {
            StateDict st = new StateDict();
            st.metadata().putAll(m.extraMeta().getOrDefault(name, Map.of()));
            extras.put(name, st);
        }
        StateDict model = new StateDict();
        StateDict best = new StateDict();
        StateDict optim = new StateDict();
        all.tensors().forEach((n, t) -> route(n, t, model, best, optim, extras));
        TrainState state = new TrainState(m.epoch(), m.batch(), m.step(), m.lossSum(), m.correct(), m.seen(),
                m.bestLoss(), m.bestAcc(), m.bestEpoch(), m.sinceBest(), m.earlyStop(), m.history(), best, optim,
                extras);
        return new Saved(m.phaseIndex(), m.phase(), state, m.finished(), model, new TreeSet<>(m.frozen()));
    }

    private static void route(String n, HostTensor t, StateDict model, StateDict best, StateDict optim,
            Map<String, StateDict> extras) {
        if (n.startsWith("model.")) {
            model.put(n.substring(6), t);
        } else if (n.startsWith("best.")) {
            best.put(n.substring(5), t);
        } else if (n.startsWith("optim.")) {
            optim.put(n.substring(6), t);
        } else if (n.startsWith("extra.")) {
            for (var e : extras.entrySet()) {
                String prefix = "extra." + e.getKey() + ".";
                if (n.startsWith(prefix)) {
                    e.getValue().put(n.substring(prefix.length()), t);
                    return;
                }
            }
        }
    }

    /** Puts the saved weights and freeze state into the network, checking every name and shape. */
    private void restoreNetwork(Saved s) {
        for (Map.Entry<String, Param> e : net.namedParams().entrySet()) {
            HostTensor t = s.model().get(e.getKey());
            if (t == null || !t.sameShape(e.getValue().shape())) {
                throw new WeightsException(file + ": " + (t == null ? "has no tensor '" + e.getKey() + "'"
                        : "tensor '" + e.getKey() + "' has shape " + t.shapeString())
                        + "; the checkpoint belongs to a different network");
            }
            e.getValue().array().set(t.data());
            if (!e.getValue().isBuffer()) {
                e.getValue().setFrozen(s.frozen().contains(e.getKey()));
            }
        }
    }
}
