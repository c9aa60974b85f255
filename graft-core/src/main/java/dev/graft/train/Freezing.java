package dev.graft.train;

import dev.graft.model.Network;
import dev.graft.nn.BatchNorm2d;
import dev.graft.nn.BnPolicy;
import dev.graft.nn.Module;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Freezing by stage, and layer-wise learning rates. Every change re-applies the BatchNorm
 * policy, so "freeze all" BatchNorm layers stay frozen through any unfreezing schedule.
 */
public final class Freezing {
    private Freezing() {}

    /** Freezes the whole network except its head. */
    public static void freezeBackbone(Network net, BnPolicy policy) {
        net.setFrozen(name -> !net.isHeadParam(name), true);
        net.setFrozen(net::isHeadParam, false);
        applyBnPolicy(net, policy);
    }

    /** Freezes the stem and the first {@code k} stages; everything above trains. */
    public static void freezeStages(Network net, int k, BnPolicy policy) {
        List<Network.Stage> stages = net.stages();
        if (k < 0 || k >= stages.size()) {
            throw new IllegalArgumentException(net.arch() + " has " + (stages.size() - 1)
                    + " stages above its stem; partial:K needs K from 0 to " + (stages.size() - 2));
        }
        net.setFrozen(name -> true, false);
        for (int s = 0; s <= k; s++) {
            Network.Stage stage = stages.get(s);
            net.setFrozen(stage::contains, true);
        }
        applyBnPolicy(net, policy);
    }

    /**
     * Trains the head and the top {@code k} stages; the stages below stay frozen (with their
     * BatchNorm statistics). {@code k} at or above the stage count unfreezes everything.
     */
    public static void unfreezeTop(Network net, int k, BnPolicy policy) {
        List<Network.Stage> stages = net.stages();
        net.setFrozen(name -> true, false);
        for (int s = 0; s < stages.size() - Math.max(0, k); s++) {
            net.setFrozen(stages.get(s)::contains, true);
        }
        applyBnPolicy(net, policy);
    }

    /** Unfreezes everything, then re-applies the policy. */
    public static void unfreezeAll(Network net, BnPolicy policy) {
        net.setFrozen(name -> true, false);
        applyBnPolicy(net, policy);
    }

    /** Under FREEZE_ALL, BatchNorm scale and shift never train. */
    public static void applyBnPolicy(Module net, BnPolicy policy) {
        if (policy != BnPolicy.FREEZE_ALL) {
            return;
        }
        freezeNorms(net);
    }

    private static void freezeNorms(Module m) {
        for (Module c : m.children().values()) {
            if (c instanceof BatchNorm2d bn) {
                bn.weight().setFrozen(true);
                bn.bias().setFrozen(true);
            } else {
                freezeNorms(c);
            }
        }
    }

    /**
     * Discriminative learning rates: the head gets 1, the top stage {@code mult^(1/S)}, down to
     * {@code mult} for the stem, geometrically (S = number of stages). With mult = 1 every
     * parameter gets the same rate.
     */
    public static Map<String, Float> layerwiseLr(Network net, float mult) {
        Map<String, Float> out = new LinkedHashMap<>();
        List<Network.Stage> stages = net.stages();
        int s = stages.size();
        net.namedParams().forEach((name, p) -> {
            if (net.isHeadParam(name)) {
                out.put(name, 1f);
                return;
            }
            for (int i = 0; i < s; i++) {
                if (stages.get(i).contains(name)) {
                    out.put(name, (float) Math.pow(mult, (double) (s - i) / s));
                    return;
                }
            }
            out.put(name, 1f);
        });
        return out;
    }

    /**
     * timm's layer-wise learning-rate decay with Graft's stages as the layers: the head gets 1,
     * and a stage {@code d} stages below the head gets {@code decay^d} (the top stage {@code decay},
     * the stem {@code decay^S}). timm groups ResNets per block rather than per stage, so its
     * exponents there run higher for the same decay.
     */
    public static Map<String, Float> layerDecayLr(Network net, float decay) {
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("layer decay must be in (0, 1], got " + decay + "; fix `layerDecay`");
        }
        Map<String, Float> out = new LinkedHashMap<>();
        List<Network.Stage> stages = net.stages();
        int s = stages.size();
        net.namedParams().forEach((name, p) -> {
            float mult = 1f;
            for (int i = 0; i < s && !net.isHeadParam(name); i++) {
                if (stages.get(i).contains(name)) {
                    mult = (float) Math.pow(decay, s - i);
                    break;
                }
            }
            out.put(name, mult);
        });
        return out;
    }
}
