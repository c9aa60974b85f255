package dev.graft.export;

import com.google.gson.Gson;
import dev.graft.Graft;
import dev.graft.data.Preprocess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's metadata_props: everything a serving stack needs to feed the model and read its
 * answer, so the file is usable without graft.json. Values are plain strings or JSON.
 */
final class Metadata {
    private static final Gson GSON = new Gson();

    private Metadata() {}

    static Map<String, String> of(ExportSubject subject, boolean pixels, float temperature) {
        Preprocess p = subject.preprocess();
        int s = p.size();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("graft.version", Graft.VERSION);
        m.put("graft.arch", subject.net().arch());
        m.put("graft.source", subject.description());
        m.put("graft.labels", GSON.toJson(subject.labels()));
        Map<String, Object> pre = new LinkedHashMap<>();
        pre.put("size", s);
        pre.put("resize", p.resize());
        pre.put("crop", "centre");
        pre.put("mean", p.mean());
        pre.put("std", p.std());
        pre.put("channelOrder", "RGB");
        pre.put("scale", "pixel / 255, then (x - mean) / std");
        pre.put("resample", "shorter side to resize, centre crop of size; bilinear at half-pixel centres, edges "
                + "clamped; when the crop is 4x or more the output size, first an integer box average by "
                + "floor(crop / size / 2), rounding half up");
        pre.put("layout", "NCHW");
        m.put("graft.preprocess", GSON.toJson(pre));
        if (pixels) {
            m.put("graft.input", "pixels: uint8 [N, H, W, 3], RGB, decoded, any size (one size per batch); the graph "
                    + "resizes, crops and normalises as graft.preprocess says");
            m.put("graft.outputs", "logits: float32 [N, " + subject.labels().size() + "]; probabilities: float32 [N, "
                    + subject.labels().size() + "], softmax(logits / temperature)");
        } else {
            m.put("graft.input", "input: float32 [N, 3, " + s + ", " + s + "], preprocessed as graft.preprocess says");
            m.put("graft.outputs", "logits: float32 [N, " + subject.labels().size() + "]");
        }
        m.put("graft.temperature", Float.toString(temperature));
        if (subject.run() != null && subject.run().info().model() != null) {
            m.put("graft.weights_sha256", subject.run().info().model().sha256());
        }
        if (subject.run() != null && subject.run().info().peft() != null) {
            String method = subject.run().info().peft().method();
            m.put("graft.peft", method + switch (method) {
                case "lora" -> ": the low-rank updates are merged into the exported weights";
                case "adapter" -> ": the adapters are layers of the graph";
                default -> ": the trained tensors are the graph's own";
            });
        }
        return m;
    }

    static List<String> defaultLabels(int classes) {
        return java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }
}
