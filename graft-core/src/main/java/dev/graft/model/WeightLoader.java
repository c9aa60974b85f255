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

    /**
     * Loads {@code dict} into {@code net}.
     *
     * @param source what the dict came from, for messages
     * @param strict refuse a head of a different size instead of replacing it
     */
    public static LoadReport load(Network net, StateDict dict, String source, boolean strict) {
        Map<String, HostTensor> byName = net.adaptStateDict(dict).tensors();
        Map<String, Param> slots = net.namedParams();
        List<String> unknown = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
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
        if (headMismatch && strict) {
            throw new WeightsException(source + ": its head has " + fileClasses + " classes but the task has "
                    + net.numClasses() + "; drop --strict to replace the head");
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
