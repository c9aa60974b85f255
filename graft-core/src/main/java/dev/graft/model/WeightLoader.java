package dev.graft.model;

import dev.graft.nn.Param;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Copies a state dict into a network, checking every name and shape. DJL's own loader does not
 * check shapes, so a 5-class head silently loads into a 7-class model; this one refuses, except
 * for the head, which it replaces when the class count differs (unless strict).
 */
public final class WeightLoader {
    private WeightLoader() {}

    /** What to do with the file's classifier. */
    public enum HeadMode {
        /** Keep it when its shape fits the network's head, replace it otherwise. */
        AUTO,
        /** Always start from a new head (the task's classes differ from the file's). */
        REPLACE,
        /** Refuse a head that does not fit. */
        STRICT
    }

    /** Loads with {@link HeadMode#STRICT} when {@code strict}, else {@link HeadMode#AUTO}. */
    public static LoadReport load(Network net, StateDict dict, String source, boolean strict) {
        return load(net, dict, source, strict ? HeadMode.STRICT : HeadMode.AUTO);
    }

    /**
     * Loads {@code dict} into {@code net}.
     *
     * @param source what the dict came from, for messages
     * @param mode what to do with the file's head
     */
    public static LoadReport load(Network net, StateDict dict, String source, HeadMode mode) {
        boolean strict = mode == HeadMode.STRICT;
        StateDict adapted = net.adaptStateDict(dict);
        Map<String, HostTensor> byName = adapted.tensors();
        List<String> ignored = new ArrayList<>();
        for (String name : dict.names()) {
            if (net.canonicalName(name) == null) {
                ignored.add(name);
            }
        }
        Map<String, Param> slots = net.namedParams();
        List<String> unknown = new ArrayList<>();
        for (String name : byName.keySet()) {
            if (!slots.containsKey(name)) {
                (net.isHeadParam(name) ? ignored : unknown).add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new WeightsException(source + ": " + unknown.size() + " tensor(s) the " + net.arch()
                    + " network does not have, e.g. " + unknown.subList(0, Math.min(5, unknown.size()))
                    + "; is this file for another architecture?");
        }
        boolean headMismatch = false;
        int fileClasses = -1;
        List<String> missing = new ArrayList<>();
        for (var e : slots.entrySet()) {
            String name = e.getKey();
            HostTensor t = byName.get(name);
            if (net.isHeadParam(name)) {
                if (t != null && e.getValue().shape().length == 2) {
                    fileClasses = (int) t.shape()[0];
                }
                if (t == null || !t.sameShape(e.getValue().shape())) {
                    headMismatch = true;
                }
                continue;
            }
            if (t == null) {
                if (!name.endsWith("num_batches_tracked")) {
                    missing.add(name);
                }
                continue;
            }
            if (!t.sameShape(e.getValue().shape())) {
                throw new WeightsException(source + ": tensor '" + name + "' has shape " + t.shapeString()
                        + " but " + net.arch() + " needs " + Arrays.toString(e.getValue().shape())
                        + "; is this file for another architecture or width?");
            }
        }
        if (!missing.isEmpty()) {
            throw new WeightsException(source + ": missing " + missing.size() + " tensor(s) " + net.arch()
                    + " needs, e.g. " + missing.subList(0, Math.min(5, missing.size()))
                    + "; the file is incomplete or for another architecture");
        }
        if (mode == HeadMode.REPLACE) {
            headMismatch = true;
        }
        if (headMismatch && strict) {
            throw new WeightsException(source + ": its head has " + fileClasses + " classes but the task has "
                    + net.numClasses() + "; drop `strict` to replace the head");
        }
        int loaded = 0;
        for (var e : slots.entrySet()) {
            HostTensor t = byName.get(e.getKey());
            if (t == null || (headMismatch && net.isHeadParam(e.getKey()))) {
                continue;
            }
            e.getValue().array().set(t.data());
            loaded++;
        }
        return new LoadReport(loaded, headMismatch, fileClasses, net.numClasses(), ignored);
    }
}
