package dev.graft.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.data.Preprocess;
import dev.graft.data.Transforms;
import dev.graft.model.Network;
import dev.graft.nn.Ctx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the written file in ONNX Runtime and Graft's network on the same images and measures how far
 * they are apart, per output row: {@code max_j |ort_j - graft_j| / max(max_j |graft_j|, 1e-3)}. The
 * denominator is the row's largest magnitude, so one tiny logit cannot blow the error up, and the
 * floor only matters for rows whose every value is below 1e-3.
 *
 * <p>Batches differ from the trace's batch size (the first image runs alone, the rest in eights),
 * so a model that froze the batch size fails here. A model with pixels in its graph gets each
 * image's own bytes, grouped by size, and Graft's reference is {@code Transforms.eval} of them.
 */
final class ParityCheck {
    static final double FLOOR = 1e-3;
    private static final int BATCH = 8;

    /** The worst disagreement found: output, image, position, both values. */
    record Worst(String output, int image, String description, int index, float graft, float ort, double error) {}

    /** Per-output maximum relative error, and where the largest one is. */
    record Report(Map<String, Double> maxError, Worst worst) {}

    private ParityCheck() {}

    static Report run(Path file, Network net, Preprocess pre, List<CheckImage> images, boolean pixels,
            float temperature, int threads, NDManager manager) {
        int classes = net.numClasses();
        Map<String, float[][]> graft = reference(net, pre, images, temperature, manager);
        List<String> outputs = pixels ? List.of("logits", "probabilities") : List.of("logits");
        Map<String, float[][]> ort = new LinkedHashMap<>();
        outputs.forEach(o -> ort.put(o, new float[images.size()][]));
        try (OrtRunner runner = new OrtRunner(file, threads)) {
            for (int[] batch : batches(images, pixels)) {
                Map<String, float[]> out;
                try {
                    out = runBatch(runner, images, batch, pixels, pre, outputs);
                } catch (ExportException e) {
                    throw new ExportException("export check failed, file deleted: " + e.getMessage() + " (a batch of "
                            + batch.length + " image(s) from " + images.get(batch[0]).description() + ")", e);
                }
                for (String o : outputs) {
                    float[] flat = out.get(o);
                    for (int i = 0; i < batch.length; i++) {
                        ort.get(o)[batch[i]] = java.util.Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
                    }
                }
            }
        } catch (ExportException e) {
            throw e.getMessage().startsWith("export check failed") ? e
                    : new ExportException("export check failed, file deleted: " + e.getMessage(), e);
        }
        return compare(graft, ort, images);
    }

    private static Map<String, float[]> runBatch(OrtRunner runner, List<CheckImage> images, int[] batch,
            boolean pixels, Preprocess pre, List<String> outputs) {
        if (pixels) {
            var first = images.get(batch[0]).image();
            int size = first.width() * first.height() * 3;
            byte[] data = new byte[batch.length * size];
            for (int i = 0; i < batch.length; i++) {
                System.arraycopy(images.get(batch[i]).rgb(), 0, data, i * size, size);
            }
            return runner.runUint8("pixels", data, new long[] {batch.length, first.height(), first.width(), 3},
                    outputs);
        }
        int s = pre.size();
        float[] data = new float[batch.length * 3 * s * s];
        for (int i = 0; i < batch.length; i++) {
            System.arraycopy(Transforms.eval(images.get(batch[i]).image(), pre), 0, data, i * 3 * s * s, 3 * s * s);
        }
        return runner.runFloat("input", data, new long[] {batch.length, 3, s, s}, outputs);
    }

    /** Graft's logits (and probabilities, softmax of logits / temperature) for every image. */
    private static Map<String, float[][]> reference(Network net, Preprocess pre, List<CheckImage> images,
            float temperature, NDManager manager) {
        int s = pre.size();
        float[][] logits = new float[images.size()][];
        float[][] probs = new float[images.size()][];
        for (int start = 0; start < images.size(); start += BATCH) {
            int n = Math.min(BATCH, images.size() - start);
            float[] x = new float[n * 3 * s * s];
            for (int i = 0; i < n; i++) {
                System.arraycopy(Transforms.eval(images.get(start + i).image(), pre), 0, x, i * 3 * s * s, 3 * s * s);
            }
            try (NDManager m = manager.newSubManager()) {
                NDArray y = net.forward(m.create(x, new Shape(n, 3, s, s)), Ctx.EVAL);
                NDArray p = (temperature == 1f ? y : y.div(temperature)).softmax(1);
                int c = (int) y.getShape().get(1);
                float[] yv = y.toFloatArray();
                float[] pv = p.toFloatArray();
                for (int i = 0; i < n; i++) {
                    logits[start + i] = java.util.Arrays.copyOfRange(yv, i * c, (i + 1) * c);
                    probs[start + i] = java.util.Arrays.copyOfRange(pv, i * c, (i + 1) * c);
                }
            }
        }
        Map<String, float[][]> out = new LinkedHashMap<>();
        out.put("logits", logits);
        out.put("probabilities", probs);
        return out;
    }

    /** The first image alone, then the rest in batches of up to eight (of one size each, for pixels). */
    static List<int[]> batches(List<CheckImage> images, boolean bySize) {
        List<int[]> out = new ArrayList<>();
        out.add(new int[] {0});
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 1; i < images.size(); i++) {
            var img = images.get(i).image();
            String key = bySize ? img.width() + "x" + img.height() : "all";
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> g : groups.values()) {
            for (int start = 0; start < g.size(); start += BATCH) {
                out.add(g.subList(start, Math.min(g.size(), start + BATCH)).stream().mapToInt(Integer::intValue)
                        .toArray());
            }
        }
        return out;
    }

    static Report compare(Map<String, float[][]> graft, Map<String, float[][]> ort, List<CheckImage> images) {
        Map<String, Double> max = new LinkedHashMap<>();
        Worst worst = null;
        for (String o : ort.keySet()) {
            double m = 0;
            for (int i = 0; i < images.size(); i++) {
                float[] g = graft.get(o)[i];
                float[] r = ort.get(o)[i];
                double scale = FLOOR;
                for (float v : g) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int j = 0; j < g.length; j++) {
                    double e = Double.isFinite(r[j]) ? Math.abs(r[j] - g[j]) / scale : Double.POSITIVE_INFINITY;
                    if (e > m || Double.isNaN(e)) {
                        m = e;
                    }
                    if (worst == null || e > worst.error()) {
                        worst = new Worst(o, i, images.get(i).description(), j, g[j], r[j], e);
                    }
                }
            }
            max.put(o, m);
        }
        return new Report(max, worst);
    }
}
