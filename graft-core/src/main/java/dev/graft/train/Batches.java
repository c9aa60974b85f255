package dev.graft.train;

import java.util.Iterator;

/** Where a trainer gets its data: images through a loader, or cached features. */
public interface Batches {
    /** The training batches of one epoch, shuffled by the seed and epoch. */
    Iterator<TensorBatch> train(int epoch);

    /** The validation batches, in a fixed order and never augmented. */
    Iterator<TensorBatch> val();

    int trainSize();

    int valSize();
}
