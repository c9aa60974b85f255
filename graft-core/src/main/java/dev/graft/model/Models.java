package dev.graft.model;

import ai.djl.ndarray.NDManager;

/** Builds networks with a Graft head of the right size, ready to load weights into. */
public final class Models {
    private Models() {}

    /** The architecture with a new head for {@code numClasses}, materialised with seeded weights. */
    public static Network build(String arch, int numClasses, HeadSpec head, NDManager manager, long seed) {
        ArchInfo info = Architectures.get(arch);
        Network net = info.create(numClasses);
        net.replaceHead(new ClassifierHead(net.featureDim(), numClasses, head));
        net.materialize(manager, seed);
        return net;
    }
}
