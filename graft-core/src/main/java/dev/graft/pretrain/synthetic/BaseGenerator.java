package dev.graft.pretrain.synthetic;

/** What every generator holds: its name, category count, image size and seed, checked once. */
abstract class BaseGenerator implements Generator {
    private final String name;
    private final int categories;
    private final int size;
    private final long seed;

    BaseGenerator(String name, int categories, int size, long seed) {
        if (categories < 1 || size < 8) {
            throw new IllegalArgumentException(name + " need at least 1 category and size >= 8, got " + categories
                    + " and " + size);
        }
        this.name = name;
        this.categories = categories;
        this.size = size;
        this.seed = seed;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int categories() {
        return categories;
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final long seed() {
        return seed;
    }
}
