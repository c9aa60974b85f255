package dev.graft.weights;

import dev.graft.weights.TorchGlobals.StorageRef;
import dev.graft.weights.TorchGlobals.StorageType;
import dev.graft.weights.TorchGlobals.TensorRef;
import dev.graft.weights.Unpickler.PyTuple;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads PyTorch checkpoints written by {@code torch.save} ({@code .pth}, {@code .pt}, {@code .bin})
 * without running Python: the zip format (default since PyTorch 1.6: {@code <name>/data.pkl} plus one
 * {@code <name>/data/<key>} entry per storage) and the older "legacy" stream format.
 *
 * <p>The pickle is read by {@link Unpickler} against {@link TorchGlobals}' allow-list, so a file that
 * names any other Python function is refused before a single tensor is read. Strided and offset views
 * are copied out contiguous; every dtype becomes float32. A checkpoint that wraps its weights as
 * {@code {"state_dict": ..., "epoch": 3}} (or under {@code model_state_dict}, {@code model},
 * {@code module}) is unwrapped: metadata {@code graft.unwrapped} names the key and the wrapper's
 * other plain values are kept as {@code checkpoint.<key>}. Nested dicts flatten to dotted names.
 */
public final class PthReader {
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final List<String> WRAPPER_KEYS = List.of("state_dict", "model_state_dict", "model", "module");

    private PthReader() {}

    /** Reads every tensor of a checkpoint, in the order the file lists them, within the default limits. */
    public static StateDict read(Path file) {
        return read(file, WeightLimits.fromEnvironment());
    }

    /**
     * Reads every tensor of a checkpoint within {@code limits}: the pickle's depth, objects and
     * fan-out, the number of tensors, and the memory its tensors declare against the file's size,
     * all checked before the tensors' data is read.
     */
    public static StateDict read(Path file, WeightLimits limits) {
        return Shapes.guard(file, () -> readChecked(file, limits));
    }

    private static StateDict readChecked(Path file, WeightLimits limits) {
        byte[] head = Weights.head(file, 512);
        try {
            if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                return readZip(file, limits);
            }
            if (head.length >= 2 && (head[0] & 0xff) == 0x80) {
                return readLegacy(file, limits);
            }
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read PyTorch checkpoint (" + e.getMessage() + ")", e);
        }
        if (head.length >= 262 && new String(head, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar")) {
            throw new WeightsException(file + ": a tar-format checkpoint from PyTorch before 0.4, which Graft "
                    + "does not read; load it in Python and re-save it with torch.save(state_dict, path)");
        }
        throw new WeightsException(file + ": not a PyTorch checkpoint (neither a torch.save zip nor a pickle); "
                + "check the path, or use Weights.load to detect the format");
    }

    private static StateDict readZip(Path file, WeightLimits limits) throws IOException {
        long allowance = limits.memoryAllowance(Files.size(file));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = archivePrefix(zip, file);
            if (zip.getEntry(prefix + "constants.pkl") != null
                    || zip.stream().anyMatch(e -> e.getName().startsWith(prefix + "code/"))) {
                throw torchScript(file);
            }
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipEntry byteorder = zip.getEntry(prefix + "byteorder");
            if (byteorder != null) {
                String text = new String(zip.getInputStream(byteorder).readAllBytes(), StandardCharsets.US_ASCII);
                order = text.trim().equals("big") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            }
            Object root;
            try (InputStream pkl = new BufferedInputStream(zip.getInputStream(zip.getEntry(prefix + "data.pkl")))) {
                root = new Unpickler(pkl, file, new TorchGlobals(file), pid -> storageRef(pid, file), limits,
                        allowance).load();
            }
            StateDict out = new StateDict();
            out.metadata().put("graft.format", "pytorch-zip");
            Map<String, TensorRef> tensors = select(root, file, out.metadata(), limits);
            checkMemory(tensors, file, limits);
            ByteOrder byteOrder = order;
            materialise(tensors, file, out, ref -> {
                ZipEntry entry = zip.getEntry(prefix + "data/" + ref.key());
                if (entry == null) {
                    throw new WeightsException(file + ": storage data/" + ref.key()
                            + " is missing from the archive; the file is truncated or corrupt");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    return ByteBuffer.wrap(readStorage(in, ref, file)).order(byteOrder);
                }
            });
            return out;
        } catch (java.util.zip.ZipException e) {
            throw new WeightsException(file + ": corrupt or truncated zip (" + e.getMessage()
                    + "); re-download or re-save the checkpoint", e);
        }
    }

    /** torch.save names the top folder after the file (PyTorch 1.x) or "archive" (2.x); find it. */
    private static String archivePrefix(ZipFile zip, Path file) {
        return zip.stream().map(ZipEntry::getName)
                .filter(n -> n.endsWith("data.pkl") && n.indexOf('/') == n.length() - "data.pkl".length() - 1)
                .map(n -> n.substring(0, n.length() - "data.pkl".length()))
                .findFirst()
                .orElseThrow(() -> new WeightsException(file + ": a zip, but not a torch.save checkpoint "
                        + "(no <name>/data.pkl inside)"));
    }

    /** The pre-1.6 format: magic, protocol and system-info pickles, the object, storage keys, raw data. */
    private static StateDict readLegacy(Path file, WeightLimits limits) throws IOException {
        long allowance = limits.memoryAllowance(Files.size(file));
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Unpickler.Globals none = new TorchGlobals(file);
            Unpickler.PersistentLoader noPid = pid -> {
                throw new WeightsException(file + ": unexpected storage reference in the header");
            };
            Object magic = new Unpickler(in, file, none, noPid, limits, allowance).load();
            if (!(magic instanceof BigInteger b && b.equals(LEGACY_MAGIC))) {
                throw new WeightsException(file + ": a pickle, but not a torch.save checkpoint (no PyTorch magic "
                        + "number); if it is a plain pickle of weights, save it with torch.save instead");
            }
            Object protocol = new Unpickler(in, file, none, noPid, limits, allowance).load();
            if (!Long.valueOf(1001).equals(protocol)) {
                throw new WeightsException(file + ": legacy checkpoint of unknown protocol " + protocol
                        + "; re-save it with the current torch.save");
            }
            Object sysInfo = new Unpickler(in, file, none, noPid, limits, allowance).load();
            ByteOrder order = sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))
                    ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            Map<String, StorageRef> roots = new HashMap<>();
            Object root = new Unpickler(in, file, new TorchGlobals(file), pid -> {
                StorageRef ref = storageRef(pid, file);
                roots.putIfAbsent(ref.key(), new StorageRef(ref.key(), ref.dtype(), ref.numel(), 0));
                return ref;
            }, limits, allowance).load();
            Object keys = new Unpickler(in, file, none, noPid, limits, allowance).load();
            StateDict out = new StateDict();
            out.metadata().put("graft.format", "pytorch-legacy");
            Map<String, TensorRef> tensors = select(root, file, out.metadata(), limits);
            checkMemory(tensors, file, limits);
            // The storages follow in key order, each as an int64 element count and its bytes.
            Map<String, ByteBuffer> data = new HashMap<>();
            for (Object key : keys instanceof List<?> l ? l : List.of()) {
                StorageRef ref = roots.get(String.valueOf(key));
                byte[] count = in.readNBytes(8);
                if (ref == null || count.length < 8) {
                    throw new WeightsException(file + ": legacy checkpoint is truncated or corrupt at storage " + key);
                }
                long numel = ByteBuffer.wrap(count).order(order).getLong();
                StorageRef sized = new StorageRef(ref.key(), ref.dtype(), numel, 0);
                data.put(ref.key(), ByteBuffer.wrap(readStorage(in, sized, file)).order(order));
            }
            materialise(tensors, file, out, ref -> {
                ByteBuffer stored = data.get(ref.key());
                if (stored == null) {
                    throw new WeightsException(file + ": storage " + ref.key() + " is missing; the file is corrupt");
                }
                return stored;
            });
            out.metadata().put("graft.legacy", "true");
            return out;
        }
    }

    /** PyTorch's persistent id: ('storage', StorageType, key, location, numel[, view metadata]). */
    private static StorageRef storageRef(Object pid, Path file) {
        if (!(pid instanceof PyTuple t) || t.size() < 5 || !"storage".equals(t.get(0))
                || !(t.get(1) instanceof StorageType type)) {
            throw new WeightsException(file + ": unknown storage reference " + Unpickler.describe(pid)
                    + "; the checkpoint is corrupt or from an unsupported PyTorch version");
        }
        String key = String.valueOf(t.get(2));
        long numel = TorchGlobals.asLong(t.get(4));
        if (t.size() > 5 && t.get(5) instanceof PyTuple view && view.size() == 3) {
            // Legacy storage views: (view key, offset, size) into the root storage.
            return new StorageRef(key, type.dtype(), TorchGlobals.asLong(view.get(2)),
                    TorchGlobals.asLong(view.get(1)));
        }
        return new StorageRef(key, type.dtype(), numel, 0);
    }

    private static byte[] readStorage(InputStream in, StorageRef ref, Path file) throws IOException {
        long bytes = ref.numel() * ref.dtype().bytes;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new WeightsException(file + ": storage " + ref.key() + " has " + bytes
                    + " bytes, more than one Java array holds; convert the checkpoint to safetensors");
        }
        byte[] data = in.readNBytes((int) bytes);
        if (data.length != bytes) {
            throw new WeightsException(file + ": truncated: storage " + ref.key() + " has " + data.length
                    + " of its " + bytes + " bytes; re-download or re-save the checkpoint");
        }
        return data;
    }

    static WeightsException torchScript(Path file) {
        return new WeightsException(file + ": a TorchScript archive (torch.jit.save), not a state dict; load it "
                + "with the TorchScript option, or save the weights with torch.save(model.state_dict(), path)");
    }

    /** Picks the dict of tensors from what the pickle held, unwrapping training checkpoints. */
    private static Map<String, TensorRef> select(Object root, Path file, Map<String, String> meta,
            WeightLimits limits) {
        if (!(root instanceof Map<?, ?> top)) {
            throw new WeightsException(file + ": holds " + Unpickler.describe(root).split(" ")[0]
                    + ", not a dict of tensors; save model.state_dict() rather than a model or a tensor");
        }
        Map<?, ?> chosen = top;
        boolean flat = top.values().stream().anyMatch(v -> v instanceof TensorRef);
        for (String key : flat ? List.<String>of() : WRAPPER_KEYS) {
            if (top.get(key) instanceof Map<?, ?> inner
                    && !flatten(inner, "", new LinkedHashMap<>(), file, limits).isEmpty()) {
                chosen = inner;
                meta.put("graft.unwrapped", key);
                for (var e : top.entrySet()) {
                    Object v = e.getValue();
                    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                        meta.put("checkpoint." + e.getKey(), String.valueOf(v));
                    }
                }
                break;
            }
        }
        Map<String, TensorRef> tensors = flatten(chosen, "", new LinkedHashMap<>(), file, limits);
        if (tensors.isEmpty()) {
            String keys = top.keySet().stream().limit(10).map(String::valueOf).toList().toString();
            throw new WeightsException(file + ": holds a dict with no tensors (keys: " + keys
                    + "); expected a state dict, or one under 'state_dict' or 'model'");
        }
        return tensors;
    }

    /** Nested dicts to dotted names; {@link PickleShape} has bounded the depth, so recursion is safe. */
    private static Map<String, TensorRef> flatten(Map<?, ?> dict, String prefix, Map<String, TensorRef> out,
            Path file, WeightLimits limits) {
        for (var e : dict.entrySet()) {
            if (e.getValue() instanceof TensorRef t) {
                if (out.size() >= limits.maxTensors()) {
                    throw WeightLimits.exceeded(file, "it names more than " + limits.maxTensors() + " tensors",
                            limits.maxTensors(), WeightLimits.TENSORS_SETTING);
                }
                out.put(prefix + e.getKey(), t);
            } else if (e.getValue() instanceof Map<?, ?> inner) {
                flatten(inner, prefix + e.getKey() + ".", out, file, limits);
            }
        }
        return out;
    }

    /**
     * Refuses, before any data is read, a file whose tensors ask for more memory than its size
     * allows: each storage once, plus a float32 copy of every tensor (a storage reached through
     * many names, as memo fan-out makes, counts once per name).
     */
    private static void checkMemory(Map<String, TensorRef> tensors, Path file, WeightLimits limits)
            throws IOException {
        long allowance = limits.memoryAllowance(Files.size(file));
        Map<String, Long> storages = new HashMap<>();
        long total = 0;
        try {
            for (var e : tensors.entrySet()) {
                StorageRef s = e.getValue().storage();
                if (s.numel() < 0 || s.base() < 0) {
                    throw new WeightsException(file + ": tensor '" + e.getKey() + "' views a storage of negative "
                            + "size; the file is corrupt");
                }
                long storageBytes = Math.multiplyExact(Math.addExact(s.numel(), s.base()), s.dtype().bytes);
                if (storages.putIfAbsent(s.key(), storageBytes) == null) {
                    total = Math.addExact(total, storageBytes);
                }
                long numel = Shapes.numel(e.getValue().size(), file, e.getKey());
                total = Math.addExact(total, Math.multiplyExact(numel, 4)); // the float32 copy
            }
        } catch (ArithmeticException e) {
            total = Long.MAX_VALUE;
        }
        if (total > allowance) {
            throw WeightLimits.exceeded(file, "its " + tensors.size() + " tensors ask for " + total + " bytes of "
                    + "memory but the file has " + Files.size(file) + " bytes (more than " + limits.maxExpansion()
                    + " times its size, plus " + (WeightLimits.EXPANSION_SLACK_BYTES >> 20) + " MiB)",
                    allowance + " bytes",
                    WeightLimits.EXPANSION_SETTING);
        }
    }

    /** Reads a storage's bytes; may throw IOException. */
    private interface StorageSource {
        ByteBuffer bytes(StorageRef ref) throws IOException;
    }

    /** Copies every view out; a storage shared by several tensors is read once and dropped after its last. */
    private static void materialise(Map<String, TensorRef> tensors, Path file, StateDict out, StorageSource source)
            throws IOException {
        Map<String, Integer> uses = new HashMap<>();
        tensors.values().forEach(t -> uses.merge(t.storage().key(), 1, Integer::sum));
        Map<String, ByteBuffer> open = new HashMap<>();
        for (var e : tensors.entrySet()) {
            StorageRef ref = e.getValue().storage();
            ByteBuffer bytes = open.get(ref.key());
            if (bytes == null) {
                bytes = source.bytes(new StorageRef(ref.key(), ref.dtype(), ref.numel() + ref.base(), 0));
                open.put(ref.key(), bytes);
            }
            out.put(e.getKey(), StridedCopy.contiguous(e.getKey(), e.getValue(), bytes, file));
            if (uses.merge(ref.key(), -1, Integer::sum) == 0) {
                open.remove(ref.key());
            }
        }
    }
}
