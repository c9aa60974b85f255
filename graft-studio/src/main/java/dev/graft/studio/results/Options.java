package dev.graft.studio.results;

import dev.graft.hub.WeightSource;
import dev.graft.model.ArchInfo;
import dev.graft.model.Architectures;
import dev.graft.model.Pretrained;
import dev.graft.model.PretrainedSpec;
import dev.graft.model.PretrainedSpecs;
import dev.graft.train.TrainConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the training form offers: backbones (the bundled ones, the library's default first, every
 * registry tag whose weights are already on this machine, or a weights file), the strategies with one line each, augmentation
 * presets, and defaults taken from the library.
 */
public final class Options {
    /** The backbone id that means "a weights file on this machine". */
    public static final String FILE = "file";

    /**
     * A strategy as the form shows it.
     *
     * @param id the value {@code graft train --strategy} takes
     * @param label its name
     * @param explanation what it trains, in one line
     */
    public record StrategyOption(String id, String label, String explanation) {}

    /** The strategies, fewest changed weights first but scratch. */
    public static final List<StrategyOption> STRATEGIES = List.of(
            new StrategyOption("scratch", "Scratch",
                    "Ignores the backbone's weights: a random network learns everything from your images. The baseline."),
            new StrategyOption("linear-probe", "Linear probe",
                    "Freezes the whole backbone and trains only a new last layer on its features. Fastest; works when "
                            + "your images resemble what the backbone saw."),
            new StrategyOption("partial:2", "Partial",
                    "Freezes the lower layers (edges, textures) and trains the upper ones and a new last layer."),
            new StrategyOption("fine-tune", "Fine-tune",
                    "Trains a new last layer first, then every weight, the lower layers more gently. Usually the most "
                            + "accurate."),
            new StrategyOption("lora", "LoRA",
                    "Freezes the backbone and trains small low-rank corrections of its upper layers: a fraction of the "
                            + "weights, close to fine-tuning."));

    /** Augmentation presets: {@code graft train --augment}. */
    static final List<Map<String, String>> AUGMENT = List.of(
            Map.of("id", "none", "label", "None"),
            Map.of("id", "light", "label", "Light (flips, crops)"),
            Map.of("id", "strong", "label", "Strong (flips, crops, RandAugment)"));

    private Options() {}

    /**
     * Everything the form needs, as JSON-ready maps.
     *
     * @param hub where to look for downloaded weights
     * @return backbones, strategies, augmentations, architectures, defaults and study defaults
     */
    public static Map<String, Object> all(WeightSource hub) {
        TrainConfig defaults = TrainConfig.builder().build();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backbones", backbones(hub));
        m.put("strategies", STRATEGIES);
        m.put("augment", AUGMENT);
        m.put("archs", Architectures.all().stream().map(ArchInfo::name).sorted().toList());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("backbone", PretrainedSpecs.DEFAULT_BACKBONE);
        d.put("strategy", "fine-tune");
        d.put("epochs", defaults.epochs());
        d.put("lr", defaults.lr());
        d.put("augment", "none");
        m.put("defaults", d);
        m.put("note", "Defaults are the library's (graft train). A fifth of each class is held out to validate.");
        m.put("study", Map.of("sizes", "5,10,all", "epochs", 10, "strategies",
                List.of("scratch", "linear-probe", "fine-tune")));
        return m;
    }

    /**
     * The library's default backbone, the other bundled ones, every registered tag already
     * downloaded, then "a weights file".
     */
    static List<Map<String, String>> backbones(WeightSource hub) {
        List<Map<String, String>> out = new ArrayList<>();
        List<PretrainedSpec> specs = new ArrayList<>(PretrainedSpecs.all());
        specs.sort(java.util.Comparator.comparing((PretrainedSpec s) -> !s.tag().equals(PretrainedSpecs.DEFAULT_BACKBONE))
                .thenComparing(s -> !s.source().startsWith("classpath:")));
        for (PretrainedSpec s : specs) {
            boolean bundled = s.source().startsWith("classpath:");
            if (Pretrained.availableOffline(s, hub)) {
                String kind = s.tag().equals(PretrainedSpecs.DEFAULT_BACKBONE) ? " (bundled, default)"
                        : bundled ? " (bundled)" : " (downloaded)";
                out.add(Map.of("id", s.tag(), "arch", s.arch(), "label", s.tag() + kind,
                        "description", s.description()));
            }
        }
        out.add(Map.of("id", FILE, "arch", "", "label", "A weights file on this machine...", "description",
                "safetensors or PyTorch .pth weights for one of the architectures listed; the head is replaced."));
        return out;
    }
}
