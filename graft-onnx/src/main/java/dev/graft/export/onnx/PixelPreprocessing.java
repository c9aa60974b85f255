package dev.graft.export.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.graft.data.Preprocess;
import java.util.List;

/**
 * Graft's evaluation preprocessing ({@code Transforms.eval}) as ONNX nodes, so an exported model
 * can take decoded pixels: uint8 [N, H, W, 3], RGB, any H and W (one size per batch).
 *
 * <p>It is the same arithmetic in the same order, not an approximation by ONNX's Resize: the
 * shorter side scales to {@code resize} and the centre {@code size}×{@code size} is sampled; when
 * that shrinks by 4× or more, the image is first box-averaged by the integer factor
 * {@code floor(crop/size/2)} with round-half-up, as Graft does against aliasing; sampling is
 * bilinear at half-pixel centres with edge clamping, computed in float64 like Graft's Java; the
 * result is cast to float32 and normalised as {@code v·k + b} with Graft's own float32
 * {@code k = 1/(255·std)} and {@code b = -mean/std}. The geometry follows H and W at run time.
 */
public final class PixelPreprocessing {
    private PixelPreprocessing() {}

    /**
     * Adds the preprocessing after {@code pixels} and returns the value holding the network's
     * input, float32 [N, 3, size, size].
     */
    public static String add(OnnxGraph g, String pixels, Preprocess p) {
        int s = p.size();
        String shape = g.node("Shape", List.of(pixels));
        String n = slice1(g, shape, 0);
        String hInt = slice1(g, shape, 1);
        String wInt = slice1(g, shape, 2);
        String h = toDouble(g, hInt);
        String w = toDouble(g, wInt);
        // Transforms.eval: scale = resize / min(w, h); crop = size / scale; x0 = (w - crop) / 2
        String scale = g.node("Div", List.of(g.scalarDouble(p.resize()), g.node("Min", List.of(w, h))));
        String crop = g.node("Div", List.of(g.scalarDouble(s), scale));
        String x0 = g.node("Div", List.of(g.node("Sub", List.of(w, crop)), g.scalarDouble(2)));
        String y0 = g.node("Div", List.of(g.node("Sub", List.of(h, crop)), g.scalarDouble(2)));
        // Transforms.sample: factor = floor(min(cw, ch) / s / 2), used only when >= 2 (1 changes nothing)
        String raw = g.node("Floor", List.of(g.node("Div", List.of(g.node("Div", List.of(crop, g.scalarDouble(s))),
                g.scalarDouble(2)))));
        String factor = g.node("Where", List.of(g.node("GreaterOrEqual", List.of(raw, g.scalarDouble(2))), raw,
                g.scalarDouble(1)));
        String f = g.node("Cast", List.of(factor), Attr.i("to", DataType.INT64.getNumber()));
        String boxH = g.node("Div", List.of(hInt, f));
        String boxW = g.node("Div", List.of(wInt, f));
        String px = boxAverage(g, pixels, n, boxH, boxW, f);
        String cw = g.node("Div", List.of(crop, factor));
        String sx = g.node("Div", List.of(cw, g.scalarDouble(s)));
        Axis xs = axis(g, g.node("Div", List.of(x0, factor)), sx, boxW, s);
        Axis ys = axis(g, g.node("Div", List.of(y0, factor)), sx, boxH, s);
        // rows, then columns: four corner samples [N, s, s, 3]
        String rowA = g.node("Gather", List.of(px, ys.lo), Attr.i("axis", 1));
        String rowB = g.node("Gather", List.of(px, ys.hi), Attr.i("axis", 1));
        String a = toDouble(g, g.node("Gather", List.of(rowA, xs.lo), Attr.i("axis", 2)));
        String b = toDouble(g, g.node("Gather", List.of(rowA, xs.hi), Attr.i("axis", 2)));
        String c = toDouble(g, g.node("Gather", List.of(rowB, xs.lo), Attr.i("axis", 2)));
        String d = toDouble(g, g.node("Gather", List.of(rowB, xs.hi), Attr.i("axis", 2)));
        String wx = g.node("Reshape", List.of(xs.frac, g.int64s(1, 1, s, 1)));
        String wy = g.node("Reshape", List.of(ys.frac, g.int64s(1, s, 1, 1)));
        String one = g.scalarDouble(1);
        String wx1 = g.node("Sub", List.of(one, wx));
        String wy1 = g.node("Sub", List.of(one, wy));
        // (1 - wy)·((1 - wx)·a + wx·b) + wy·((1 - wx)·c + wx·d), in Java's evaluation order
        String top = g.node("Add", List.of(g.node("Mul", List.of(wx1, a)), g.node("Mul", List.of(wx, b))));
        String bottom = g.node("Add", List.of(g.node("Mul", List.of(wx1, c)), g.node("Mul", List.of(wx, d))));
        String v = g.node("Add", List.of(g.node("Mul", List.of(wy1, top)), g.node("Mul", List.of(wy, bottom))));
        String vf = g.node("Cast", List.of(v), Attr.i("to", DataType.FLOAT.getNumber()));
        float[] k = new float[3];
        float[] bias = new float[3];
        for (int ch = 0; ch < 3; ch++) {
            k[ch] = 1f / (255f * p.std()[ch]);
            bias[ch] = -p.mean()[ch] / p.std()[ch];
        }
        String norm = g.node("Add", List.of(g.node("Mul", List.of(vf, g.floats("pixel_scale", k, 3))),
                g.floats("pixel_shift", bias, 3)));
        return g.node("Transpose", List.of(norm), Attr.ints("perm", 0, 3, 1, 2));
    }

    /** Sampling positions along one axis: the two source indices (clamped) and the weight of the second. */
    private record Axis(String lo, String hi, String frac) {}

    private static Axis axis(OnnxGraph g, String start, String step, String length, int s) {
        double[] centres = new double[s];
        for (int o = 0; o < s; o++) {
            centres[o] = o + 0.5;
        }
        // f = start + (o + 0.5)·step - 0.5
        String pos = g.node("Sub", List.of(g.node("Add", List.of(start, g.node("Mul",
                List.of(g.doubles("centres", centres, s), step)))), g.scalarDouble(0.5)));
        String fl = g.node("Floor", List.of(pos));
        String frac = g.node("Sub", List.of(pos, fl));
        String i = g.node("Cast", List.of(fl), Attr.i("to", DataType.INT64.getNumber()));
        String last = g.node("Sub", List.of(length, g.int64s(1)));
        String zero = g.int64s(0);
        String lo = g.node("Min", List.of(g.node("Max", List.of(i, zero)), last));
        String hi = g.node("Min", List.of(g.node("Max", List.of(g.node("Add", List.of(i, g.int64s(1))), zero)), last));
        return new Axis(lo, hi, frac);
    }

    /**
     * Transforms.boxDownscale: the top-left (H/f·f)×(W/f·f) pixels in f×f blocks, each the
     * round-half-up mean {@code (sum + f²/2) / f²} in integers. With f = 1 this is the identity.
     */
    private static String boxAverage(OnnxGraph g, String pixels, String n, String boxH, String boxW, String f) {
        String usedH = g.node("Mul", List.of(boxH, f));
        String usedW = g.node("Mul", List.of(boxW, f));
        String cropped = g.node("Slice", List.of(pixels, g.int64s(0, 0), g.node("Concat", List.of(usedH, usedW),
                Attr.i("axis", 0)), g.int64s(1, 2)));
        String wide = g.node("Cast", List.of(cropped), Attr.i("to", DataType.INT64.getNumber()));
        String blocks = g.node("Concat", List.of(n, boxH, f, boxW, f, g.int64s(3)), Attr.i("axis", 0));
        String sum = g.node("ReduceSum", List.of(g.node("Reshape", List.of(wide, blocks)), g.int64s(2, 4)),
                Attr.i("keepdims", 0));
        String area = g.node("Mul", List.of(f, f));
        String half = g.node("Div", List.of(area, g.int64s(2)));
        return g.node("Div", List.of(g.node("Add", List.of(sum, half)), area));
    }

    /** Element {@code i} of a 1-D tensor, as a 1-D tensor of one element. */
    private static String slice1(OnnxGraph g, String v, long i) {
        return g.node("Slice", List.of(v, g.int64s(i), g.int64s(i + 1), g.int64s(0)));
    }

    private static String toDouble(OnnxGraph g, String v) {
        return g.node("Cast", List.of(v), Attr.i("to", DataType.DOUBLE.getNumber()));
    }
}
