package dev.graft.model;

import dev.graft.data.FashionMnist;
import dev.graft.data.Preprocess;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The registry of pretrained weights, by tag. */
public final class PretrainedSpecs {
    private static final Map<String, PretrainedSpec> SPECS = new LinkedHashMap<>();

    /** Graft's own Fashion-MNIST source-task backbone, shipped inside graft-core. */
    public static final String FMNIST_SOURCE = "resnet18_small.fmnist_src";

    static {
        register(new PretrainedSpec(FMNIST_SOURCE, "resnet18_small",
                "classpath:/dev/graft/pretrained/resnet18_small.fmnist_src.safetensors", null, 5,
                FashionMnist.LABELS.subList(0, 5), Preprocess.fashionMnist(), "bilinear", "conv1", "fc",
                "Graft's own: trained from scratch on Fashion-MNIST classes 0-4 (T-shirt/top, Trouser, Pullover, "
                        + "Dress, Coat), all 30,000 training images; reproduce with graft pretrain"));
        ImageNetSpecs.registerAll();
    }

    private PretrainedSpecs() {}

    public static synchronized void register(PretrainedSpec spec) {
        SPECS.put(spec.tag(), spec);
    }

    public static Optional<PretrainedSpec> find(String tag) {
        return Optional.ofNullable(SPECS.get(tag));
    }

    public static Collection<PretrainedSpec> all() {
        return Collections.unmodifiableCollection(SPECS.values());
    }
}
