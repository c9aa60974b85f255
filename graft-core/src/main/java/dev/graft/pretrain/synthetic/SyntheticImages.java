package dev.graft.pretrain.synthetic;

import dev.graft.data.ImageSource;
import dev.graft.data.RawImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A generator's images as a labeled {@link ImageSource}: {@code perCategory} instances of every
 * category, rendered when asked for and never stored. Image {@code i} is instance
 * {@code firstInstance + i % perCategory} of category {@code i / perCategory}; a validation set
 * uses another {@code firstInstance}, so it never repeats a training image.
 */
public final class SyntheticImages implements ImageSource {
    private final Generator gen;
    private final int perCategory;
    private final long firstInstance;
    private final List<String> labels;

    public SyntheticImages(Generator gen, int perCategory, long firstInstance) {
        if (perCategory < 1) {
            throw new IllegalArgumentException("need at least one image per category, got " + perCategory);
        }
        this.gen = gen;
        this.perCategory = perCategory;
        this.firstInstance = firstInstance;
        List<String> names = new ArrayList<>();
        int digits = Integer.toString(gen.categories() - 1).length();
        for (int c = 0; c < gen.categories(); c++) {
            names.add(gen.name() + "-" + String.format("%0" + digits + "d", c));
        }
        this.labels = List.copyOf(names);
    }

    public Generator generator() {
        return gen;
    }

    @Override
    public int size() {
        return gen.categories() * perCategory;
    }

    @Override
    public int label(int i) {
        return i / perCategory;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public RawImage image(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("image " + i + " of " + size());
        }
        return gen.render(i / perCategory, firstInstance + i % perCategory);
    }

    @Override
    public String describe(int i) {
        return gen.name() + " category " + i / perCategory + " instance " + (firstInstance + i % perCategory);
    }

    /** The formula's identity, not the pixels: generator, categories, size, seed and instance range. */
    @Override
    public String fingerprint() {
        String id = gen.name() + "/" + gen.categories() + "/" + gen.size() + "/" + gen.seed() + "/" + perCategory
                + "/" + firstInstance;
        return String.format("%016x", id.hashCode() * 0x9E3779B97F4A7C15L);
    }
}
