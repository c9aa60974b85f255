package dev.graft.weights;

import dev.graft.weights.Unpickler.PyTuple;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Checks the shape of what a pickle built, without recursion, so no hostile file can overflow the
 * Java stack: no container holds itself (a cycle through the memo), nesting stays under
 * {@link WeightLimits#maxDepth}, and the tree the result expands to, counting a shared part each
 * time it is reached (memo fan-out), stays under {@link WeightLimits#maxObjects}. After this check,
 * code may walk the result recursively.
 */
final class PickleShape {
    private PickleShape() {}

    /** Deepest tuple nesting a dict key may have; real keys are strings and ints. */
    static final int MAX_KEY_DEPTH = 32;
    /** Most values a dict key may hold, counting nested tuples' items. */
    static final int MAX_KEY_ITEMS = 10_000;

    /**
     * Refuses a value Python could not hash either: only scalars and tuples of them may be keys.
     * Throws {@link IllegalStateException}, which the unpickler reports with the byte position.
     */
    static void requireHashable(Object key) {
        Deque<Object> todo = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        todo.push(key);
        depths.push(0);
        int seen = 0;
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            int depth = depths.pop();
            if (++seen > MAX_KEY_ITEMS || depth > MAX_KEY_DEPTH) {
                throw new IllegalStateException("a dict key or set element nested too deep or too large");
            }
            if (o instanceof PyTuple t) {
                for (Object item : t.items()) {
                    todo.push(item);
                    depths.push(depth + 1);
                }
            } else if (!(o == null || o instanceof String || o instanceof Number || o instanceof Boolean
                    || o instanceof TorchGlobals.StorageType || o instanceof TorchGlobals.StorageRef)) {
                // byte[] and containers hash by identity in Java but not at all (or by value) in Python
                throw new IllegalStateException("unhashable " + Unpickler.describe(o)
                        + " as a dict key or set element");
            }
        }
    }

    /** Walks every container reachable from {@code root}; throws naming the file on a cycle or a limit. */
    static void check(Object root, Path file, WeightLimits limits) {
        Set<Object> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Iterator<?>> stack = new ArrayDeque<>();
        Deque<Object> owners = new ArrayDeque<>();
        long visited = 0;
        enter(root, onPath, stack, owners, file, limits);
        while (!stack.isEmpty()) {
            Iterator<?> it = stack.peek();
            if (!it.hasNext()) {
                stack.pop();
                onPath.remove(owners.pop());
                continue;
            }
            Object child = it.next();
            if (++visited > limits.maxObjects()) {
                throw WeightLimits.exceeded(file, "the pickle's data expands to more than " + limits.maxObjects()
                        + " entries when its shared parts are counted each time they are used (memo fan-out)",
                        limits.maxObjects(), WeightLimits.OBJECTS_SETTING);
            }
            enter(child, onPath, stack, owners, file, limits);
        }
    }

    private static void enter(Object o, Set<Object> onPath, Deque<Iterator<?>> stack, Deque<Object> owners,
            Path file, WeightLimits limits) {
        Iterator<?> children = children(o);
        if (children == null) {
            return;
        }
        if (!onPath.add(o)) {
            throw new WeightsException(file + ": refused: the pickle holds a container that contains itself (a "
                    + "cycle through the memo); a state dict never does, so the file is corrupt or hostile");
        }
        if (stack.size() >= limits.maxDepth()) {
            throw WeightLimits.exceeded(file, "the pickle nests containers more than " + limits.maxDepth()
                    + " levels deep", limits.maxDepth(), WeightLimits.DEPTH_SETTING);
        }
        stack.push(children);
        owners.push(o);
    }

    /** The values inside a container (a dict's keys and values), or null for a leaf. */
    private static Iterator<?> children(Object o) {
        if (o instanceof Map<?, ?> m) {
            return new KeysAndValues(m.entrySet().iterator());
        }
        if (o instanceof PyTuple t) {
            return t.items().iterator();
        }
        if (o instanceof Collection<?> c) {
            return c.iterator();
        }
        return null;
    }

    /** A dict's keys and values, alternately, without a stream per dict (fan-out visits millions). */
    private static final class KeysAndValues implements Iterator<Object> {
        private final Iterator<? extends Map.Entry<?, ?>> entries;
        private Map.Entry<?, ?> pending;

        KeysAndValues(Iterator<? extends Map.Entry<?, ?>> entries) {
            this.entries = entries;
        }

        @Override
        public boolean hasNext() {
            return pending != null || entries.hasNext();
        }

        @Override
        public Object next() {
            if (pending != null) {
                Object v = pending.getValue();
                pending = null;
                return v;
            }
            pending = entries.next();
            return pending.getKey();
        }
    }
}
