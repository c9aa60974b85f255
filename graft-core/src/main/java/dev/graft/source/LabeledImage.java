package dev.graft.source;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One image and its class label, for {@link ImageList}.
 *
 * @param image the image, in any colour model; grey images stay one channel, alpha is dropped
 * @param label the class name
 */
public record LabeledImage(BufferedImage image, String label) {
    /**
     * Checks both parts are given.
     *
     * @param image the image
     * @param label the class name
     * @throws IllegalArgumentException when the image is null or the label is null or blank
     */
    public LabeledImage {
        Objects.requireNonNull(image, "image");
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("a labeled image needs a non-blank label");
        }
    }
}
