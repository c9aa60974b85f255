package dev.graft.pretrain.synthetic;

import dev.graft.data.RawImage;

/**
 * A family of image categories defined by formulas. Category {@code c} is a parameter set drawn
 * from the generator's seed; instance {@code i} of it is one rendering with its own pose and
 * nuisance variation. The same (seed, category, instance) always gives the same pixels, on any
 * thread, so a data set of millions of images needs no storage.
 */
public interface Generator {
    /** Short name, such as {@code fractals}. */
    String name();

    /** Number of categories. */
    int categories();

    /** Height and width of every image, in pixels. */
    int size();

    /** The seed every category's parameters derive from. */
    long seed();

    /** Renders instance {@code instance} of category {@code category} as a grey image. Thread-safe. */
    RawImage render(int category, long instance);

    /** A random stream keyed by (seed, a, b), the same on every run. */
    static java.util.SplittableRandom stream(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new java.util.SplittableRandom(z ^ (z >>> 31));
    }
}
