package dev.graft.data;

import java.io.IOException;
import java.util.List;

/** A labeled set of images, read on demand. Implementations are safe to read from many threads. */
public interface ImageSource {
    int size();

    /** Class index of image {@code i}, into {@link #labels()}. */
    int label(int i);

    /** Class names, in index order. */
    List<String> labels();

    /** Decodes image {@code i}. */
    RawImage image(int i) throws IOException;

    /** Where image {@code i} comes from, for messages (a path, or a data set and index). */
    String describe(int i);

    /** A stable fingerprint of the contents (names, sizes, labels), for provenance. */
    String fingerprint();

    /** Number of images per class. */
    default int[] classCounts() {
        int[] counts = new int[labels().size()];
        for (int i = 0; i < size(); i++) {
            counts[label(i)]++;
        }
        return counts;
    }
}
