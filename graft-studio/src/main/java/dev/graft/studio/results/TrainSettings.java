package dev.graft.studio.results;

import com.google.gson.JsonObject;
import dev.graft.data.Augment;
import dev.graft.model.Architectures;
import dev.graft.model.PretrainedSpec;
import dev.graft.model.PretrainedSpecs;
import dev.graft.recipe.Strategy;
import dev.graft.studio.StudioException;
import dev.graft.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The training form, checked: where the weights come from, the strategy, and the few options the
 * Studio exposes. Everything else is the library's default.
 *
 * @param backbone a registry tag, or {@link Options#FILE}
 * @param weightsFile for {@code file}: the weights on this machine
 * @param arch the architecture (the tag's own, or the one chosen for the file)
 * @param strategy as {@code graft train --strategy} takes it
 * @param epochs training epochs (for fine-tune: of its second phase)
 * @param lr the head's peak learning rate
 * @param augment {@code none}, {@code light} or {@code strong}
 */
public record TrainSettings(String backbone, String weightsFile, String arch, String strategy, int epochs, float lr,
        String augment) {

    /** The weights to start from: the tag, or the file's path. */
    public String weights() {
        return Options.FILE.equals(backbone) ? weightsFile : backbone;
    }

    public Strategy parsedStrategy() {
        return Strategy.parse(strategy);
    }

    public Augment parsedAugment() {
        return Augment.parse(augment);
    }

    /** What the run list shows as the backbone. */
    public String backboneLabel() {
        return Options.FILE.equals(backbone) ? arch + " from " + Path.of(weightsFile).getFileName() : backbone;
    }

    /**
     * Reads and checks the form.
     *
     * @param o the request body
     * @return the settings
     * @throws StudioException BAD_INPUT naming the field that is wrong
     */
    public static TrainSettings parse(JsonObject o) {
        TrainConfig defaults = TrainConfig.builder().build();
        String backbone = text(o, "backbone", PretrainedSpecs.FMNIST_SOURCE);
        String file = null;
        String arch;
        if (Options.FILE.equals(backbone)) {
            file = text(o, "weightsFile", "");
            if (file.isBlank() || !Path.of(file).isAbsolute() || !Files.isRegularFile(Path.of(file))) {
                throw StudioException.badInput("weights file '" + file + "' is not a file on this machine; give its "
                        + "full path");
            }
            arch = text(o, "arch", "");
            try {
                Architectures.get(arch);
            } catch (RuntimeException e) {
                throw StudioException.badInput("architecture '" + arch + "' is unknown; pick one from the list");
            }
        } else {
            PretrainedSpec spec = PretrainedSpecs.find(backbone).orElseThrow(() -> StudioException.badInput(
                    "backbone '" + backbone + "' is not a known registry tag; pick one from the list"));
            arch = spec.arch();
        }
        String strategy = text(o, "strategy", "fine-tune").toLowerCase(Locale.ROOT);
        try {
            Strategy.parse(strategy);
        } catch (IllegalArgumentException e) {
            throw StudioException.badInput(e.getMessage());
        }
        int epochs = number(o, "epochs", defaults.epochs(), 1, 1000).intValue();
        float lr = number(o, "lr", defaults.lr(), 1e-7, 10).floatValue();
        String augment = text(o, "augment", "none").toLowerCase(Locale.ROOT);
        if (!augment.equals("none") && !augment.equals("light") && !augment.equals("strong")) {
            throw StudioException.badInput("augmentation '" + augment + "' is not one of none, light, strong");
        }
        return new TrainSettings(backbone, file, arch, strategy, epochs, lr, augment);
    }

    /** As {@code studio.json} keeps it. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backbone", backbone);
        m.put("backboneLabel", backboneLabel());
        if (weightsFile != null) {
            m.put("weightsFile", weightsFile);
        }
        m.put("arch", arch);
        m.put("strategy", strategy);
        m.put("epochs", epochs);
        m.put("lr", lr);
        m.put("augment", augment);
        return m;
    }

    static String text(JsonObject o, String key, String fallback) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            return fallback;
        }
        try {
            return o.get(key).getAsString().strip();
        } catch (UnsupportedOperationException | IllegalStateException e) {
            throw StudioException.badInput("'" + key + "' must be a string");
        }
    }

    static Number number(JsonObject o, String key, double fallback, double min, double max) {
        double v = fallback;
        if (o.has(key) && !o.get(key).isJsonNull()) {
            try {
                v = o.get(key).getAsDouble();
            } catch (UnsupportedOperationException | NumberFormatException | IllegalStateException e) {
                throw StudioException.badInput("'" + key + "' must be a number");
            }
        }
        if (!(v >= min && v <= max)) {
            throw StudioException.badInput("'" + key + "' must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }
}
