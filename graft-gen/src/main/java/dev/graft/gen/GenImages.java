package dev.graft.gen;

import dev.graft.data.ImageSource;
import dev.graft.data.InMemoryImages;
import dev.graft.data.Preprocess;
import dev.graft.data.RawImage;
import dev.graft.data.Transforms;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Images as generators see them: one channel, values in [-1, 1], row-major [n, 1, size, size],
 * with the Fashion-MNIST class of each (or -1 when unknown).
 *
 * @param description where they come from, for provenance
 * @param size height and width
 * @param pixels the values
 * @param classes the Fashion-MNIST class id of each image, or -1
 */
public record GenImages(String description, int size, float[] pixels, int[] classes) {
    public GenImages {
        if (pixels.length != classes.length * size * size) {
            throw new IllegalArgumentException("pixel count does not match " + classes.length + " images of "
                    + size + "x" + size);
        }
    }

    public int count() {
        return classes.length;
    }

    /** Values per image. */
    public int perImage() {
        return size * size;
    }

    /** The images at these indices, concatenated. */
    public float[] gather(int[] indices) {
        int per = perImage();
        float[] out = new float[indices.length * per];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * per, out, k * per, per);
        }
        return out;
    }

    /** A new set holding the images at these indices. */
    public GenImages subset(int[] indices, String what) {
        int[] cls = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            cls[k] = classes[indices[k]];
        }
        return new GenImages(what, size, gather(indices), cls);
    }

    /** Fashion-MNIST-style grey bytes to [-1, 1]; {@code classIds} maps the source's labels to class ids. */
    public static GenImages fromBytes(InMemoryImages src, int[] indices, int[] classIds, String what) {
        int size = src.image(0).width();
        int per = size * size;
        float[] px = new float[indices.length * per];
        int[] cls = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            RawImage img = src.image(indices[k]);
            if (img.channels() != 1 || img.width() != size || img.height() != size) {
                throw new IllegalArgumentException(src.describe(indices[k]) + ": not a " + size + "x" + size
                        + " grey image");
            }
            for (int i = 0; i < per; i++) {
                px[k * per + i] = (img.pixels()[i] & 0xff) / 127.5f - 1f;
            }
            cls[k] = classIds == null ? -1 : classIds[src.label(indices[k])];
        }
        return new GenImages(what, size, px, cls);
    }

    /**
     * Any images (a folder, photos) scaled to {@code size}×{@code size} by the same resampling
     * as classifier inputs, and made grey by averaging channels.
     */
    public static GenImages fromSource(ImageSource src, int size, String what) {
        Preprocess p = new Preprocess(size, size, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});
        int per = size * size;
        float[] px = new float[src.size() * per];
        int[] cls = new int[src.size()];
        java.util.Arrays.fill(cls, -1);
        for (int k = 0; k < src.size(); k++) {
            float[] chw;
            try {
                chw = Transforms.eval(src.image(k), p);
            } catch (IOException e) {
                throw new UncheckedIOException(src.describe(k) + ": cannot read (" + e.getMessage() + ")", e);
            }
            for (int i = 0; i < per; i++) {
                px[k * per + i] = Math.max(-1f, Math.min(1f, (chw[i] + chw[per + i] + chw[2 * per + i]) / 3f));
            }
        }
        return new GenImages(what, size, px, cls);
    }
}
