package dev.graft.study;

import dev.graft.data.DataConfig;
import dev.graft.model.PretrainedSpecs;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Named studies, {@code graft study --preset NAME}; any flag given beside a preset overrides it. */
public final class StudyPresets {
    /** Fashion-MNIST target classes 5-9: Sandal, Shirt, Sneaker, Bag, Ankle boot. */
    public static final int[] FMNIST_TARGET = {5, 6, 7, 8, 9};

    private StudyPresets() {}

    /**
     * The preset of that name.
     *
     * @throws IllegalArgumentException naming the presets there are
     */
    public static StudyConfig.Builder get(String name, Path out) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fashion-mnist", "fmnist" -> fashionMnist(out);
            default -> throw new IllegalArgumentException("unknown `preset` '" + name + "': use fashion-mnist");
        };
    }

    /**
     * The Fashion-MNIST transfer task in full: Graft's backbone pretrained on classes 0-4 learns
     * classes 5-9 from 5, 10, 50 and 200 labeled images per class, with the four classic
     * strategies plus LoRA and BitFit (default rank and targets), and 3 seeds. Each phase is capped at about 300 optimizer steps and scored on a
     * fixed 1,000 of the 5,000 target test images (200 per class), so the grid fits a few hours
     * of one CPU core.
     */
    public static StudyConfig.Builder fashionMnist(Path out) {
        return StudyConfig.builder().setData(DataConfig.FASHION_MNIST).optClasses(FMNIST_TARGET)
                .setModel("resnet18_small").optWeights(PretrainedSpecs.FMNIST_SOURCE).setOut(out)
                .optSizes(List.of(5, 10, 50, 200))
                .optStrategies(List.of("scratch", "linear-probe", "partial:2", "fine-tune", "lora", "bitfit")).optSeeds(3)
                .optTestPerClass(200).optValPerClass(10).optMaxSteps(300);
    }
}
