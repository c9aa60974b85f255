package dev.graft.export.trace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.index.dim.NDIndexAll;
import ai.djl.ndarray.index.dim.NDIndexElement;
import ai.djl.ndarray.index.dim.NDIndexFixed;
import ai.djl.ndarray.index.dim.NDIndexSlice;
import ai.djl.ndarray.types.Shape;
import dev.graft.export.onnx.Attr;
import java.util.ArrayList;
import java.util.List;

/**
 * Shape operations, which are where a trace could freeze the batch size: the network computes
 * {@code reshape(n, ...)} from the traced input's concrete shape. The exporter follows the batch
 * axis through every op and writes shapes that copy it from the input at run time (a 0 in a
 * Reshape, a 1 in an Expand, or the input's own size), and refuses a shape op that mixes the batch
 * with other dimensions instead of exporting a model fixed to the trace's batch size.
 */
final class Shapes {
    private Shapes() {}

    /** Where the batch axis of {@code self} (or else {@code other}) lands in a broadcast result. */
    static int broadcastAxis(Value self, Value other, NDArray out) {
        int rank = out.getShape().dimension();
        if (self.dynamic && self.batchAxis >= 0) {
            return rank - self.rank() + self.batchAxis;
        }
        if (other != null && other.dynamic && other.batchAxis >= 0) {
            return rank - other.rank() + other.batchAxis;
        }
        return -1;
    }

    static Value reshape(TraceSession s, Value self, Shape shape, NDArray out) {
        long[] target = shape.getShape();
        long[] dims = target.clone();
        long[] in = self.shape();
        int b = self.batchAxis;
        if (b >= 0) {
            boolean prefixKept = target.length > b;
            for (int i = 0; prefixKept && i <= b; i++) {
                prefixKept = target[i] == in[i] || (i == b && target[i] == -1);
            }
            if (!prefixKept) {
                throw new TraceException("ONNX export cannot reshape " + self.real.getShape() + " to " + shape
                        + ": it moves the batch dimension (axis " + b + ")");
            }
            for (int i = 0; i <= b; i++) {
                dims[i] = target[i] == -1 ? -1 : 0; // 0 copies the input's size, batch included
            }
        }
        String y = s.graph.node("Reshape", List.of(s.use(self), s.graph.int64s(dims)));
        return s.out(y, b, out);
    }

    static Value transpose(TraceSession s, Value self, int[] perm, NDArray out) {
        int rank = self.rank();
        long[] p = new long[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = perm.length == 0 ? rank - 1 - i : (perm[i] < 0 ? perm[i] + rank : perm[i]);
        }
        int b = -1;
        for (int i = 0; i < rank; i++) {
            if (p[i] == self.batchAxis) {
                b = i;
            }
        }
        return s.out(s.graph.node("Transpose", List.of(s.use(self)), Attr.ints("perm", p)), b, out);
    }

    /**
     * {@code broadcast(shape)}: an Expand whose shape copies the batch size. A constant broadcast to
     * the batch (ViT's class token) takes it from the input; a traced value keeps its own, because
     * Expand leaves a dimension alone where the shape says 1.
     */
    static Value broadcast(TraceSession s, Value self, Shape shape, NDArray out) {
        long[] t = shape.getShape();
        if (self.dynamic) {
            int b = self.batchAxis < 0 ? -1 : t.length - self.rank() + self.batchAxis;
            long[] dims = t.clone();
            if (b >= 0) {
                dims[b] = 1;
            }
            return s.out(s.graph.node("Expand", List.of(s.use(self), s.graph.int64s(dims))), b, out);
        }
        long[] rest = new long[t.length - 1];
        System.arraycopy(t, 1, rest, 0, rest.length);
        String dims = s.graph.node("Concat", List.of(s.batchDim(), s.graph.int64s(rest)), Attr.i("axis", 0));
        return s.out(s.graph.node("Expand", List.of(s.use(self), dims)), 0, out);
    }

    /** {@code get(index)} with whole axes, slices and fixed positions: a Slice, then a Gather per fixed axis. */
    static Value index(TraceSession s, Value self, NDIndex index, NDArray out) {
        if (index.getEllipsisIndex() != -1) {
            throw s.unsupported("indexing with an ellipsis");
        }
        List<NDIndexElement> elements = index.getIndices();
        long[] in = self.shape();
        List<long[]> slices = new ArrayList<>(); // {axis, start, end, step}
        List<long[]> fixed = new ArrayList<>(); // {axis, position}
        for (int axis = 0; axis < elements.size(); axis++) {
            NDIndexElement e = elements.get(axis);
            if (e instanceof NDIndexAll) {
                continue;
            }
            if (e instanceof NDIndexSlice sl) {
                long start = sl.getMin() == null ? 0 : sl.getMin();
                long end = sl.getMax() == null ? Long.MAX_VALUE : sl.getMax();
                long step = sl.getStep() == null ? 1 : sl.getStep();
                boolean whole = start == 0 && step == 1 && (end == Long.MAX_VALUE || end >= in[axis]);
                if (axis == self.batchAxis && !whole) {
                    throw new TraceException("ONNX export cannot slice the batch dimension");
                }
                slices.add(new long[] {axis, start, end, step});
            } else if (e instanceof NDIndexFixed f) {
                if (axis == self.batchAxis) {
                    throw new TraceException("ONNX export cannot pick one sample of the batch");
                }
                fixed.add(new long[] {axis, f.getIndex()});
            } else {
                throw s.unsupported("indexing with " + e.getClass().getSimpleName());
            }
        }
        String y = s.use(self);
        if (!slices.isEmpty()) {
            long[][] cols = new long[4][slices.size()];
            for (int i = 0; i < slices.size(); i++) {
                for (int c = 0; c < 4; c++) {
                    cols[c][i] = slices.get(i)[c];
                }
            }
            y = s.graph.node("Slice", List.of(y, s.graph.int64s(cols[1]), s.graph.int64s(cols[2]),
                    s.graph.int64s(cols[0]), s.graph.int64s(cols[3])));
        }
        int b = self.batchAxis;
        for (int i = fixed.size() - 1; i >= 0; i--) { // last axis first, so earlier axis numbers hold
            long axis = fixed.get(i)[0];
            y = s.graph.node("Gather", List.of(y, s.graph.longs("index", new long[] {fixed.get(i)[1]})),
                    Attr.i("axis", axis));
            if (b > axis) {
                b--;
            }
        }
        return s.out(y, b, out);
    }

    static Value expandDims(TraceSession s, Value self, int axis, NDArray out) {
        int a = axis < 0 ? axis + self.rank() + 1 : axis;
        int b = self.batchAxis >= a ? self.batchAxis + 1 : self.batchAxis;
        return s.out(s.graph.node("Unsqueeze", List.of(s.use(self), s.graph.int64s(a))), b, out);
    }

    static Value squeeze(TraceSession s, Value self, int[] axes, NDArray out) {
        long[] norm = axes(self, axes, "squeeze");
        return s.out(s.graph.node("Squeeze", List.of(s.use(self), s.graph.int64s(norm))), batchAfter(self, norm),
                out);
    }

    static Value mean(TraceSession s, Value self, int[] axes, boolean keep, NDArray out) {
        long[] norm = axes(self, axes, "average over");
        return s.out(s.graph.reduceMean(s.use(self), keep, norm), keep ? self.batchAxis : batchAfter(self, norm), out);
    }

    /** Axes made non-negative; none may be the batch axis. */
    private static long[] axes(Value self, int[] axes, String op) {
        long[] norm = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = axes[i] < 0 ? axes[i] + self.rank() : axes[i];
            if (norm[i] == self.batchAxis) {
                throw new TraceException("ONNX export cannot " + op + " the batch dimension");
            }
        }
        return norm;
    }

    /** The batch axis once {@code removed} axes are gone. */
    private static int batchAfter(Value self, long[] removed) {
        int b = self.batchAxis;
        for (long a : removed) {
            if (a < self.batchAxis) {
                b--;
            }
        }
        return b;
    }
}
