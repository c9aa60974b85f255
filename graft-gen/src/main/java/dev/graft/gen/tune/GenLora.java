package dev.graft.gen.tune;

import dev.graft.nn.Inits;
import dev.graft.nn.Module;
import dev.graft.nn.Param;
import dev.graft.peft.Lora;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightsException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * LoRA over a whole generator, with {@code peft}'s {@link Lora}: {@code lora_A}/{@code lora_B} on
 * every Linear and Conv2d, scale 1 (alpha = rank), every other weight frozen. Runs save the
 * weights with the adapters folded in ({@link Lora#merged}), so a LoRA run samples like any other,
 * and the adapters alone beside them.
 */
public final class GenLora {
    /** The names generator runs of v0.1.0 gave A and B in {@code adapters.safetensors}. */
    private static final String OLD_A = ".lora_down.weight";
    private static final String OLD_B = ".lora_up.weight";

    private GenLora() {}

    /**
     * Adds rank-{@code rank} adapters to every layer that can carry one, then freezes every
     * parameter that is not an adapter.
     *
     * @return the paths of the adapted layers
     */
    public static List<String> apply(Module net, int rank, long seed) {
        if (rank < 1) {
            throw new IllegalArgumentException("LoRA rank must be >= 1, got " + rank);
        }
        List<String> layers = Lora.applyAll(net, rank, rank, seed);
        // A starts where the generators' own LoRA layers started it (the stream of the old name
        // lora_down.weight), so a seed still gives the run it gave before LoRA moved onto peft
        Map<String, Param> params = net.namedParams();
        for (String path : layers) {
            Param a = params.get(path + "." + Lora.A);
            SplittableRandom rng = new SplittableRandom(seed ^ ((path + OLD_A).hashCode() * 0x9E3779B97F4A7C15L));
            a.array().set(Inits.uniform(Math.toIntExact(a.numel()), 1.0 / Math.sqrt(Inits.fanIn(a.shape())), rng));
        }
        net.setFrozen(name -> !Lora.isLora(name), true);
        return layers;
    }

    /**
     * Copies a run's adapters into a generator that {@link #apply} prepared. Files written before
     * the generators used {@code peft}'s LoRA name the factors {@code X.lora_down.weight} and
     * {@code X.lora_up.weight}; they load as {@code X.lora_A} and {@code X.lora_B}.
     */
    public static void load(Module net, StateDict adapters, String source) {
        Map<String, Param> slots = net.namedParams();
        long expected = slots.keySet().stream().filter(Lora::isLora).count();
        if (adapters.size() != expected) {
            throw new WeightsException(source + ": " + adapters.size() + " adapter tensors, but the generator has "
                    + expected + "; the file belongs to another run");
        }
        adapters.tensors().forEach((name, t) -> {
            String now = name.endsWith(OLD_A) ? name.substring(0, name.length() - OLD_A.length()) + "." + Lora.A
                    : name.endsWith(OLD_B) ? name.substring(0, name.length() - OLD_B.length()) + "." + Lora.B : name;
            Param p = slots.get(now);
            if (p == null || !Lora.isLora(now)) {
                throw new WeightsException(source + ": tensor '" + name + "' is no adapter of this generator; the "
                        + "file belongs to another run");
            }
            if (!t.sameShape(p.shape())) {
                throw new WeightsException(source + ": tensor '" + name + "' has shape " + t.shapeString()
                        + " but the adapter needs " + java.util.Arrays.toString(p.shape()));
            }
            p.array().set(t.data());
        });
    }

    /** Only the adapter tensors, for {@code adapters.safetensors}. */
    public static StateDict adapters(Module net) {
        return Lora.tensors(net);
    }

    /** The weights with every adapter folded in and the adapter tensors left out. */
    public static StateDict merged(Module net) {
        return Lora.merged(net);
    }
}
