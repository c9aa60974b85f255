package dev.graft.weights;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle reader that builds plain data and never runs code. Python's own unpickler calls
 * whatever function a file names; this one hands every global name to a {@link Globals} allow-list,
 * so a hostile file is refused at the name, and the only "calls" are the Java functions the
 * allow-list returns.
 *
 * <p>Python values become: None {@code null}, bool {@link Boolean}, int {@link Long} (or
 * {@link BigInteger} past 64 bits), float {@link Double}, str {@link String}, bytes {@code byte[]},
 * list {@link ArrayList}, tuple {@link PyTuple}, dict {@link LinkedHashMap}, set {@link LinkedHashSet}.
 * Covers protocols 2 to 4 and the binary opcodes of older ones that checkpoints use.
 */
final class Unpickler {

    /** Resolves a global name; refuses (throws) every name not on its allow-list. */
    interface Globals {
        Object find(String module, String name);
    }

    /** Turns a persistent id (PyTorch's storage references) into a value. */
    interface PersistentLoader {
        Object load(Object pid);
    }

    /** A Python function the allow-list permits, implemented in Java. */
    interface PyCallable {
        Object call(List<Object> args);
    }

    /** A Python tuple; a record so tuples compare by value, as dict keys must. */
    record PyTuple(List<Object> items) {
        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    private static final Object MARK_SENTINEL = new Object();
    // Bounds hostile length fields: no checkpoint has a string or memo anywhere near this.
    private static final int MAX_ITEM = 1 << 30;

    private final InputStream in;
    private final Path file;
    private final Globals globals;
    private final PersistentLoader persistent;
    private final WeightLimits limits;
    private final long maxBytes;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private long pos;
    private long objects;

    /**
     * @param limits the depth, object and fan-out limits the result must keep
     * @param maxBytes most pickle bytes to read (a compressed {@code data.pkl} may inflate far beyond the file)
     */
    Unpickler(InputStream in, Path file, Globals globals, PersistentLoader persistent, WeightLimits limits,
            long maxBytes) {
        this.in = in;
        this.file = file;
        this.globals = globals;
        this.persistent = persistent;
        this.limits = limits;
        this.maxBytes = maxBytes;
    }

    /**
     * Reads one pickle, up to and including its STOP; the stream stays positioned after it. The
     * result is checked by {@link PickleShape}: no cycles, bounded depth and fan-out.
     */
    Object load() throws IOException {
        stack.clear();
        marks.clear();
        memo.clear();
        try {
            Object root = run();
            PickleShape.check(root, file, limits);
            return root;
        } catch (NumberFormatException e) {
            throw corrupt("a text number that is not one (" + e.getMessage() + ")", pos);
        }
    }

    private Object run() throws IOException {
        while (true) {
            long at = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> u8(); // PROTO: every version this reader knows reads the same
                case 0x95 -> bytes(8); // FRAME: a length hint only
                case '.' -> {
                    return pop();
                }
                case '(' -> {
                    marks.push(stack.size());
                    push(MARK_SENTINEL);
                }
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) le(4));
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (le(2) & 0xffff));
                case 0x8a -> push(longOf(bytes(u8())));
                case 0x8b -> push(longOf(bytes(length(le(4), at))));
                case 'G' -> push(Double.longBitsToDouble(new BigInteger(1, bytes(8)).longValue()));
                case 'X' -> push(utf8(bytes(length(le(4), at))));
                case 0x8c -> push(utf8(bytes(u8())));
                case 0x8d -> push(utf8(bytes(length(le(8), at))));
                case 'T' -> push(latin1(bytes(length(le(4), at)))); // Python 2 str
                case 'U' -> push(latin1(bytes(u8())));
                case 'B' -> push(bytes(length(le(4), at)));
                case 'C' -> push(bytes(u8()));
                case 0x8e -> push(bytes(length(le(8), at)));
                case ']' -> push(new ArrayList<>());
                case '}' -> push(new LinkedHashMap<>());
                case ')' -> push(new PyTuple(List.of()));
                case 0x8f -> push(new LinkedHashSet<>());
                case 'l' -> push(new ArrayList<>(popMark()));
                case 't' -> push(new PyTuple(Collections.unmodifiableList(popMark())));
                case 0x85 -> push(tupleOf(1));
                case 0x86 -> push(tupleOf(2));
                case 0x87 -> push(tupleOf(3));
                case 'd' -> push(dictOf(popMark(), new LinkedHashMap<>(), at));
                case 0x91 -> push(new LinkedHashSet<>(hashable(popMark(), at)));
                case 'a' -> {
                    Object v = pop();
                    append(peek(), Collections.singletonList(v), at);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    append(peek(), items, at);
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    dictOf(Arrays.asList(k, v), peek(), at);
                }
                case 'u' -> {
                    List<Object> kv = popMark();
                    dictOf(kv, peek(), at);
                }
                case 0x90 -> {
                    List<Object> items = popMark();
                    append(peek(), items, at);
                }
                case 'c' -> push(globals.find(line(), line()));
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw corrupt("STACK_GLOBAL needs two strings", at);
                    }
                    push(globals.find(m, n));
                }
                case 'i' -> {
                    Object cls = globals.find(line(), line());
                    push(call(cls, popMark(), at));
                }
                case 'o' -> {
                    List<Object> items = popMark();
                    if (items.isEmpty()) {
                        throw corrupt("OBJ without a class", at);
                    }
                    push(call(items.get(0), items.subList(1, items.size()), at));
                }
                case 'R', 0x81 -> {
                    Object args = pop();
                    Object fn = pop();
                    if (!(args instanceof PyTuple t)) {
                        throw corrupt("call arguments are not a tuple", at);
                    }
                    push(call(fn, t.items(), at));
                }
                case 0x92 -> {
                    Object kwargs = pop();
                    Object args = pop();
                    Object cls = pop();
                    if (!(args instanceof PyTuple t) || !(kwargs instanceof Map<?, ?> kw) || !kw.isEmpty()) {
                        throw corrupt("NEWOBJ_EX with keyword arguments", at);
                    }
                    push(call(cls, t.items(), at));
                }
                case 'b' -> build(pop(), peek(), at);
                case 'q' -> memo.put((long) u8(), peek());
                case 'r' -> memo.put(le(4) & 0xffffffffL, peek());
                case 'p' -> memo.put(Long.parseLong(line()), peek());
                case 0x94 -> memo.put((long) memo.size(), peek());
                case 'h' -> push(memoGet(u8(), at));
                case 'j' -> push(memoGet(le(4) & 0xffffffffL, at));
                case 'g' -> push(memoGet(Long.parseLong(line()), at));
                case 'Q' -> push(persistent.load(pop()));
                case 'P' -> push(persistent.load(line()));
                case 0x82, 0x83, 0x84 -> throw new WeightsException(file + ": refused to load: the pickle "
                        + "uses the copyreg extension registry (opcode EXT at byte " + at + "), which can name "
                        + "any Python function; a state dict never does. Re-save the weights with "
                        + "torch.save(model.state_dict(), path)");
                default -> throw corrupt(String.format("unknown or unsupported pickle opcode 0x%02x", op), at);
            }
        }
    }

    private Object call(Object fn, List<Object> args, long at) {
        if (!(fn instanceof PyCallable c)) {
            throw corrupt("the pickle calls " + describe(fn) + ", which is not a function", at);
        }
        try {
            return c.call(args);
        } catch (WeightsException e) {
            throw e;
        } catch (TorchGlobals.UnsupportedTensor e) {
            throw new WeightsException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw corrupt(e.getMessage(), at);
        }
    }

    /** BUILD sets attributes; PyTorch uses it only for OrderedDict's _metadata and tensor state. */
    private void build(Object state, Object target, long at) {
        if (target instanceof Map<?, ?> || target instanceof TorchGlobals.TensorRef) {
            return; // version bookkeeping, not weights
        }
        throw corrupt("the pickle sets state on " + describe(target) + ", which a state dict never holds", at);
    }

    @SuppressWarnings("unchecked")
    private void append(Object target, List<Object> items, long at) {
        if (target instanceof Set<?>) {
            hashable(items, at);
        }
        if (target instanceof Collection<?> c) {
            ((Collection<Object>) c).addAll(items);
        } else {
            throw corrupt("APPEND to " + describe(target), at);
        }
    }

    @SuppressWarnings("unchecked")
    private Object dictOf(List<Object> kv, Object target, long at) {
        if (!(target instanceof Map<?, ?> m) || kv.size() % 2 != 0) {
            throw corrupt("SETITEM on " + describe(target), at);
        }
        for (int i = 0; i < kv.size(); i += 2) {
            hashable(Collections.singletonList(kv.get(i)), at);
            ((Map<Object, Object>) m).put(kv.get(i), kv.get(i + 1));
        }
        return m;
    }

    /** Python refuses unhashable keys; here they could also hash forever (a cycle) or overflow the stack. */
    private List<Object> hashable(List<Object> items, long at) {
        for (Object o : items) {
            try {
                PickleShape.requireHashable(o);
            } catch (IllegalStateException e) {
                throw corrupt(e.getMessage(), at);
            }
        }
        return items;
    }

    private Object memoGet(long key, long at) {
        if (!memo.containsKey(key)) {
            throw corrupt("memo key " + key + " was never stored", at);
        }
        return memo.get(key);
    }

    private PyTuple tupleOf(int n) {
        if (stack.size() < n) {
            throw corrupt("stack underflow", pos - 1);
        }
        List<Object> top = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return new PyTuple(Collections.unmodifiableList(top));
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw corrupt("MARK expected", pos - 1);
        }
        int m = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private void push(Object o) {
        if (++objects > limits.maxObjects()) {
            throw WeightLimits.exceeded(file, "the pickle creates more than " + limits.maxObjects() + " objects",
                    limits.maxObjects(), WeightLimits.OBJECTS_SETTING);
        }
        stack.add(o);
    }

    private Object pop() {
        Object o = peek();
        stack.remove(stack.size() - 1);
        return o;
    }

    private Object peek() {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK_SENTINEL) {
            throw corrupt("stack underflow", pos - 1);
        }
        return stack.get(stack.size() - 1);
    }

    private int u8() throws IOException {
        if (pos >= maxBytes) {
            throw WeightLimits.exceeded(file, "the pickle holds more than " + maxBytes + " bytes", maxBytes,
                    WeightLimits.EXPANSION_SETTING);
        }
        int b = in.read();
        if (b < 0) {
            throw new EOFException(file + ": pickle ends at byte " + pos + " before its STOP; the file is truncated");
        }
        pos++;
        return b;
    }

    private long le(int n) throws IOException {
        byte[] b = bytes(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return n == 4 ? (int) v : v; // BININT is signed 32-bit
    }

    private int length(long n, long at) {
        if (n < 0 || n > MAX_ITEM) {
            throw corrupt("length " + n + " out of range", at);
        }
        return (int) n;
    }

    private byte[] bytes(int n) throws IOException {
        if (pos + n > maxBytes) {
            throw WeightLimits.exceeded(file, "the pickle holds more than " + maxBytes + " bytes (a value of " + n
                    + " bytes at byte " + pos + ")", maxBytes, WeightLimits.EXPANSION_SETTING);
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException(file + ": pickle ends at byte " + (pos + b.length) + " inside a value; "
                    + "the file is truncated");
        }
        pos += n;
        return b;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = u8(); c != '\n'; c = u8()) {
            if (sb.length() > 4096) {
                throw corrupt("text line longer than 4096 bytes", pos);
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    /** Python's LONG1/LONG4: little-endian two's complement of any width. */
    private static Object longOf(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A short description that never walks into a container, so cycles and depth cannot hurt it. */
    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof byte[] b) {
            return "bytes" + Arrays.toString(Arrays.copyOf(b, Math.min(8, b.length)));
        }
        if (o instanceof Map<?, ?> m) {
            return "dict of " + m.size();
        }
        if (o instanceof PyTuple t) {
            return "tuple of " + t.size();
        }
        if (o instanceof Set<?> c) {
            return "set of " + c.size();
        }
        if (o instanceof Collection<?> c) {
            return "list of " + c.size();
        }
        String text = String.valueOf(o);
        return o.getClass().getSimpleName() + " " + (text.length() > 80 ? text.substring(0, 80) + "..." : text);
    }

    private WeightsException corrupt(String what, long at) {
        return new WeightsException(file + ": cannot read the pickle in this checkpoint (" + what + " at byte "
                + at + "); the file is corrupt or not a PyTorch state dict");
    }
}
