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

    /**
     * Graft's default bundled backbone: SimCLR on Fashion-MNIST training images, no labels
     * (docs/PRETRAINING.md says how it was chosen and made).
     */
    public static final String DEFAULT_BACKBONE = "resnet18_small.fmnist_simclr";

    static {
        register(new PretrainedSpec(FMNIST_SOURCE, "resnet18_small",
                "classpath:/dev/graft/pretrained/resnet18_small.fmnist_src.safetensors",
                "a1d3b7622b0f5348281a03ff5898041023fb11772f2b3632dec67d361ef591a8", 5,
                FashionMnist.LABELS.subList(0, 5), Preprocess.fashionMnist(), "bilinear", "conv1", "fc",
                "Graft's own: trained from scratch on Fashion-MNIST classes 0-4 (T-shirt/top, Trouser, Pullover, "
                        + "Dress, Coat), 2,000 training images per class, 4 epochs; 93.2% test accuracy on those "
                        + "classes; reproduce with graft pretrain (see the README)"));
        register(new PretrainedSpec(DEFAULT_BACKBONE, "resnet18_small",
                "classpath:/dev/graft/pretrained/resnet18_small.fmnist_simclr.safetensors",
                "83c13143befa3d90995a4c6b19bfe0e20272f75d596b818870071dbfbe98f586", 10, FashionMnist.LABELS,
                Preprocess.fashionMnist(), "bilinear", "conv1", "fc",
                "Graft's own, the default: self-supervised (SimCLR, 5 epochs) on 59,000 Fashion-MNIST training images "
                        + "of all ten classes, labels never used to train the backbone; its head is a linear probe "
                        + "fitted on 100 labeled images per class; reproduce with graft pretrain --ssl simclr (see "
                        + "docs/PRETRAINING.md)"));
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
