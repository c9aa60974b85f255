package dev.graft.job;

import ai.djl.ndarray.NDManager;
import dev.graft.model.ArchInfo;
import dev.graft.model.Architectures;
import dev.graft.model.ClassifierHead;
import dev.graft.model.HeadSpec;
import dev.graft.model.Network;

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
