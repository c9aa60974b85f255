package dev.graft.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named tensors in file order, with PyTorch's dotted names ({@code layer1.0.conv1.weight}), plus
 * the string metadata a file carried. This is the exchange type between weight files and models.
 */
public final class StateDict {
    private final LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> metadata = new LinkedHashMap<>();

    public StateDict put(String name, HostTensor tensor) {
        tensors.put(name, tensor);
        return this;
    }

    public HostTensor get(String name) {
        return tensors.get(name);
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    public HostTensor remove(String name) {
        return tensors.remove(name);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    public Map<String, HostTensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    public int size() {
        return tensors.size();
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Total number of values over all tensors. */
    public long numel() {
        long n = 0;
        for (HostTensor t : tensors.values()) {
            n += t.numel();
        }
        return n;
    }
}
