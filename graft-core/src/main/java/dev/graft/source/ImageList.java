package dev.graft.source;

import dev.graft.data.Data;
import dev.graft.data.DataConfig;
import dev.graft.data.DataException;
import dev.graft.data.Datasets;
import dev.graft.data.DecodedImages;
import dev.graft.data.ImageDecoder;
import dev.graft.data.ImageSource;
import dev.graft.data.RawImage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Images and labels handed over in code, as {@link LabeledImage}s. The images are converted to
 * 8-bit pixels once, when the source is built. For training, a stratified, seeded share of each
 * class is held out for validation; for evaluation, every image counts. A run trained on such a
 * source records only its name and fingerprint, so it cannot be resumed from the command line.
 */
public final class ImageList implements DataSource {
    private final String name;
    private final List<RawImage> images;
    private final List<String> imageLabels;
    private final List<String> classes;
    private final int perClass;
    private final int valPerClass;
    private final double valFraction;

    private ImageList(Builder b, List<RawImage> images) {
        this.name = b.name;
        this.images = images;
        this.imageLabels = b.images.stream().map(LabeledImage::label).toList();
        this.classes = List.copyOf(new TreeSet<>(imageLabels));
        this.perClass = b.perClass;
        this.valPerClass = b.valPerClass;
        this.valFraction = b.valFraction;
    }

    /**
     * These images with every option at its default.
     *
     * @param images the images and their labels
     * @return the source
     */
    public static ImageList of(List<LabeledImage> images) {
        return builder().setImages(images).build();
    }

    /**
     * A builder for images with options.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The class names: the distinct labels, sorted.
     *
     * @return the labels a model trained on this source has
     */
    public List<String> labels() {
        return classes;
    }

    /**
     * How many images this source holds.
     *
     * @return the image count
     */
    public int size() {
        return images.size();
    }

    @Override
    public DataConfig toDataConfig(long seed, int threads) {
        return new DataConfig("images in memory: " + name, null, perClass, valPerClass, valFraction, seed, threads);
    }

    @Override
    public Data open(long seed, int threads) {
        return Datasets.pool(images(classes), toDataConfig(seed, threads), name, List.of());
    }

    /** Every image, labelled by the model's classes; a label the model does not know is an error. */
    @Override
    public ImageSource testImages(List<String> labels, int threads) {
        return images(labels);
    }

    private DecodedImages images(List<String> labels) {
        int[] ids = new int[images.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = labels.indexOf(imageLabels.get(i));
            if (ids[i] < 0) {
                throw new DataException(name + "[" + i + "]: label '" + imageLabels.get(i)
                        + "' is not one of the model's classes " + labels);
            }
        }
        return new DecodedImages(name, images, ids, labels);
    }

    @Override
    public String toString() {
        return "ImageList " + name + " (" + images.size() + " images, classes " + classes + ")";
    }

    /** Builds an {@link ImageList}; {@link #setImages} is required. */
    public static final class Builder extends SplitBuilder<Builder> {
        private List<LabeledImage> images;
        private String name = "images";

        private Builder() {}

        /**
         * The images and their labels.
         *
         * @param images at least one image; required
         * @return this builder
         */
        public Builder setImages(List<LabeledImage> images) {
            this.images = List.copyOf(images);
            return this;
        }

        /**
         * What to call these images in messages and in the run's provenance.
         *
         * @param name a name; default {@code images}
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Checks the options, converts the images and builds the source.
         *
         * @return the source
         * @throws IllegalArgumentException naming the option that is missing or out of range
         */
        public ImageList build() {
            if (images == null || images.isEmpty()) {
                throw new IllegalArgumentException("ImageList: setImages needs at least one image");
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("ImageList: name must not be blank");
            }
            validateSplit("ImageList " + name);
            List<RawImage> raw = new ArrayList<>(images.size());
            for (LabeledImage li : images) {
                raw.add(ImageDecoder.toRgb(li.image()));
            }
            return new ImageList(this, List.copyOf(raw));
        }
    }
}
