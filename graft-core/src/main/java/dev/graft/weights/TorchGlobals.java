package dev.graft.weights;

import dev.graft.weights.Unpickler.PyCallable;
import dev.graft.weights.Unpickler.PyTuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The Python globals a PyTorch state dict may name, each mapped to a Java stand-in: the
 * allow-list of PyTorch's own {@code weights_only} unpickler, narrowed to what weights need.
 * Every other name ({@code posix.system}, {@code builtins.eval}, a model class) is refused by
 * name, so reading a hostile file fails before anything could happen.
 */
final class TorchGlobals implements Unpickler.Globals {

    /** A storage a tensor views: raw bytes in {@code data/<key>}, of one element type. */
    /** {@code base} is where a legacy view starts in its root storage, in elements (else 0). */
    record StorageRef(String key, DType dtype, long numel, long base) {}

    /** A tensor as PyTorch pickles it: a strided view into a storage. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    /** The class of a storage ({@code torch.FloatStorage}); persistent ids name it. */
    record StorageType(String name, DType dtype) {}

    private static final Map<String, Object> ALLOWED = new HashMap<>();

    static {
        PyCallable orderedDict = TorchGlobals::newDict;
        ALLOWED.put("collections.OrderedDict", orderedDict);
        PyCallable set = args -> {
            Collection<?> items = args.isEmpty() ? List.of() : iterable(args.get(0));
            items.forEach(PickleShape::requireHashable);
            return new LinkedHashSet<>(items);
        };
        for (String name : List.of("builtins.set", "builtins.frozenset", "__builtin__.set", "__builtin__.frozenset")) {
            ALLOWED.put(name, set);
        }
        ALLOWED.put("torch._utils._rebuild_tensor", (PyCallable) TorchGlobals::rebuildTensor);
        ALLOWED.put("torch._utils._rebuild_tensor_v2", (PyCallable) TorchGlobals::rebuildTensor);
        // Parameters wrap a tensor; requires_grad and hooks do not change the weights.
        PyCallable firstArgTensor = args -> tensorArg(args, 0, "a Parameter");
        ALLOWED.put("torch._utils._rebuild_parameter", firstArgTensor);
        ALLOWED.put("torch._utils._rebuild_parameter_with_state", firstArgTensor);
        ALLOWED.put("torch.nn.parameter.Parameter", firstArgTensor);
        ALLOWED.put("torch.Tensor", firstArgTensor);
        ALLOWED.put("torch._tensor._rebuild_from_type_v2", (PyCallable) args -> {
            if (args.size() < 3 || !(args.get(0) instanceof PyCallable f) || !(args.get(2) instanceof PyTuple a)) {
                throw new IllegalStateException("_rebuild_from_type_v2 needs (func, type, args, state)");
            }
            return f.call(a.items());
        });
        ALLOWED.put("torch.Size", (PyCallable) args -> args.isEmpty() ? new PyTuple(List.of())
                : new PyTuple(List.copyOf(iterable(args.get(0)))));
        ALLOWED.put("torch.device", (PyCallable) args -> String.valueOf(args.isEmpty() ? "cpu" : args.get(0)));
        ALLOWED.put("_codecs.encode", (PyCallable) args ->
                String.valueOf(args.get(0)).getBytes(args.size() > 1 && "latin1".equals(args.get(1))
                        ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        storage("Float", DType.F32);
        storage("Half", DType.F16);
        storage("BFloat16", DType.BF16);
        storage("Double", DType.F64);
        storage("Long", DType.I64);
        storage("Int", DType.I32);
        storage("Short", DType.I16);
        storage("Char", DType.I8);
        storage("Byte", DType.U8);
        storage("Bool", DType.BOOL);
        ALLOWED.put("torch.UntypedStorage", new StorageType("UntypedStorage", DType.U8));
        ALLOWED.put("torch.storage.UntypedStorage", new StorageType("UntypedStorage", DType.U8));
        for (String dtype : List.of("float32", "float", "float16", "half", "bfloat16", "float64", "double",
                "int64", "long", "int32", "int", "int16", "short", "int8", "uint8", "bool")) {
            ALLOWED.put("torch." + dtype, "torch." + dtype); // dtypes as plain names
        }
        for (String kind : List.of("_rebuild_qtensor", "_rebuild_sparse_tensor", "_rebuild_sparse_csr_tensor",
                "_rebuild_meta_tensor_no_storage", "_rebuild_nested_tensor", "_rebuild_wrapper_subclass",
                "_rebuild_device_tensor_from_numpy")) {
            ALLOWED.put("torch._utils." + kind, (PyCallable) args -> {
                throw new UnsupportedTensor(kind.replace("_rebuild_", "").replace("_tensor", "").replace('_', ' '));
            });
        }
    }

    private final Path file;

    TorchGlobals(Path file) {
        this.file = file;
    }

    @Override
    public Object find(String module, String name) {
        Object found = ALLOWED.get(module + "." + name);
        if (found == null) {
            throw new WeightsException(file + ": refused to load: the pickle names the Python global '" + module
                    + "." + name + "', which is not on the allow-list for state dicts (unpickled by Python it could "
                    + "run code). Graft runs nothing from a pickle. If you trust the file, re-save only the weights: "
                    + "torch.save(model.state_dict(), path), or convert them to safetensors");
        }
        return found;
    }

    /** Thrown for tensor layouts PyTorch allows but Graft does not read; the reader adds the file. */
    static final class UnsupportedTensor extends RuntimeException {
        UnsupportedTensor(String kind) {
            super("the checkpoint holds a " + kind + " tensor, which Graft does not read; save dense float "
                    + "weights instead (tensor.dequantize() or tensor.to_dense() before torch.save)");
        }
    }

    private static void storage(String prefix, DType dtype) {
        StorageType type = new StorageType(prefix + "Storage", dtype);
        ALLOWED.put("torch." + prefix + "Storage", type);
        ALLOWED.put("torch.cuda." + prefix + "Storage", type);
    }

    private static Object newDict(List<Object> args) {
        Map<Object, Object> out = new LinkedHashMap<>();
        if (!args.isEmpty()) {
            for (Object pair : iterable(args.get(0))) {
                if (pair instanceof PyTuple t && t.size() == 2) {
                    PickleShape.requireHashable(t.get(0));
                    out.put(t.get(0), t.get(1));
                } else if (pair instanceof List<?> l && l.size() == 2) {
                    PickleShape.requireHashable(l.get(0));
                    out.put(l.get(0), l.get(1));
                }
            }
        }
        return out;
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks[, metadata])}. */
    private static Object rebuildTensor(List<Object> args) {
        if (args.size() < 4 || !(args.get(0) instanceof StorageRef storage)) {
            throw new IllegalStateException("_rebuild_tensor needs (storage, offset, size, stride)");
        }
        return new TensorRef(storage, asLong(args.get(1)), longs(args.get(2)), longs(args.get(3)));
    }

    private static Object tensorArg(List<Object> args, int i, String what) {
        if (args.size() <= i || !(args.get(i) instanceof TensorRef t)) {
            throw new IllegalStateException(what + " without a tensor");
        }
        return t;
    }

    private static Collection<?> iterable(Object o) {
        if (o instanceof PyTuple t) {
            return t.items();
        }
        if (o instanceof Collection<?> c) {
            return c;
        }
        throw new IllegalStateException("expected a sequence, got " + Unpickler.describe(o));
    }

    private static long[] longs(Object o) {
        Collection<?> items = iterable(o);
        long[] out = new long[items.size()];
        int i = 0;
        for (Object v : items) {
            out[i++] = asLong(v);
        }
        return out;
    }

    static long asLong(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        throw new IllegalStateException("expected an integer, got " + Unpickler.describe(o));
    }
}
