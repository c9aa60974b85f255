package dev.graft.peft;

import dev.graft.model.Network;
import dev.graft.nn.Param;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightsException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The three parameter-efficient methods behind one door: change the network's structure, freeze
 * all but what the method trains, and save or reload just the trained tensors on top of the base
 * weights.
 */
public final class Peft {
    private Peft() {}

    /**
     * What {@link #apply} did, as a run's {@code graft.json} records it.
     *
     * @param method the method
     * @param rank LoRA rank (0 for the others)
     * @param alpha LoRA alpha (0 for the others)
     * @param adapterReduction adapter reduction (0 for the others)
     * @param modules the layers given LoRA, or the adapters inserted; empty for BitFit
     */
    public record Applied(Method method, int rank, float alpha, int adapterReduction, List<String> modules) {}

    /** Adds LoRA or adapters (BitFit changes no structure); new tensors are seeded. */
    public static Applied apply(Network net, Method method, PeftConfig c, long seed) {
        return switch (method) {
            case LORA -> new Applied(method, c.loraRank(), c.loraAlpha(), 0,
                    Lora.apply(net, c.loraRank(), c.loraAlpha(), c.loraTargets(), seed));
            case ADAPTER -> new Applied(method, 0, 0f, c.adapterReduction(), Adapters.apply(net, c.adapterReduction(), seed));
            case BITFIT -> new Applied(method, 0, 0f, 0, List.of());
        };
    }

    /** Rebuilds the structure a run recorded, and checks it came out the same. */
    public static void reapply(Network net, Applied recorded, long seed) {
        PeftConfig c = new PeftConfig(Math.max(1, recorded.rank()), recorded.rank() > 0 ? recorded.alpha() : 1f,
                recorded.method() == Method.LORA ? recorded.modules() : List.of(), Math.max(1, recorded.adapterReduction()));
        Applied now = apply(net, recorded.method(), c, seed);
        if (!now.modules().equals(recorded.modules())) {
            throw new WeightsException("the run's " + recorded.method().label() + " modules " + recorded.modules()
                    + " do not fit " + net.arch() + " (got " + now.modules() + ")");
        }
    }

    /** Whether the network already carries this method's structure. */
    public static boolean applied(Network net, Method method) {
        return switch (method) {
            case LORA -> !Lora.layers(net).isEmpty();
            case ADAPTER -> !Adapters.paths(net).isEmpty();
            case BITFIT -> true;
        };
    }

    /**
     * Freezes everything but the head and what the method trains: LoRA's A and B, the adapters, or
     * every bias and normalisation shift. Frozen BatchNorm layers keep their running statistics.
     */
    public static void freeze(Network net, Method method) {
        List<String> adapters = method == Method.ADAPTER ? Adapters.paths(net) : List.of();
        BiPredicate<String, Param> trains = switch (method) {
            case LORA -> (n, p) -> n.endsWith("." + Lora.A) || n.endsWith("." + Lora.B);
            case ADAPTER -> (n, p) -> adapters.stream().anyMatch(a -> n.startsWith(a + "."));
            case BITFIT -> (n, p) -> p.kind() == Param.Kind.BIAS || p.kind() == Param.Kind.NORM_BIAS;
        };
        net.namedParams().forEach((n, p) -> {
            if (!p.isBuffer()) {
                p.setFrozen(!(net.isHeadParam(n) || trains.test(n, p)));
            }
        });
    }

    /**
     * The tensors a run must save to be rebuilt from its base: the head, everything trainable,
     * everything the method added, and anything else that differs from {@code base} (the
     * network's state right after the base weights were loaded).
     */
    public static StateDict trainedTensors(Network net, StateDict base) {
        StateDict out = new StateDict();
        Map<String, Param> params = net.namedParams();
        net.stateDict().tensors().forEach((name, t) -> {
            HostTensor b = base.get(name);
            boolean keep = net.isHeadParam(name) || params.get(name).trainable() || b == null
                    || !Arrays.equals(b.shape(), t.shape()) || !Arrays.equals(b.data(), t.data());
            if (keep) {
                out.put(name, t);
            }
        });
        return out;
    }

    /** Copies saved tensors into a network that has the base weights and the method's structure. */
    public static void loadTrained(Network net, StateDict saved, String source) {
        Map<String, Param> slots = net.namedParams();
        for (var e : saved.tensors().entrySet()) {
            Param p = slots.get(e.getKey());
            if (p == null) {
                throw new WeightsException(source + ": tensor '" + e.getKey() + "' has no place in " + net.arch()
                        + " with this run's structure; the file belongs to another run");
            }
            if (!e.getValue().sameShape(p.shape())) {
                throw new WeightsException(source + ": tensor '" + e.getKey() + "' has shape "
                        + e.getValue().shapeString() + " but the network needs " + Arrays.toString(p.shape()));
            }
            p.array().set(e.getValue().data());
        }
    }

    /** One line: what was added and the share of parameters that trains. */
    public static String describe(Applied a, Network net) {
        long trainable = net.countTrainable();
        long total = net.countParams();
        String what = switch (a.method()) {
            case LORA -> "LoRA rank " + a.rank() + ", alpha " + a.alpha() + " on " + a.modules().size() + " layers "
                    + abbreviate(a.modules());
            case ADAPTER -> a.modules().size() + " adapters " + abbreviate(a.modules());
            case BITFIT -> "BitFit: biases and normalisation shifts";
        };
        return String.format("%s; trainable %,d of %,d parameters (%.2f%%)", what, trainable, total,
                100.0 * trainable / total);
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 4 ? names.toString()
                : "[" + String.join(", ", names.subList(0, 3)) + ", … " + names.get(names.size() - 1) + "]";
    }
}
