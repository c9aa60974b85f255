package dev.graft.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What to do about classes with very different numbers of training images. The evaluation's
 * per-class recall shows the effect.
 */
public enum Balance {
    /** Train on the data as it is. */
    NONE,
    /** Weigh each class's loss by its inverse frequency, {@code n / (classes × n_c)}. */
    WEIGHTED,
    /** Resample each epoch so every class is drawn equally often (with replacement). */
    SAMPLER;

    public static Balance parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT).trim()) {
            case "none" -> NONE;
            case "weighted" -> WEIGHTED;
            case "sampler" -> SAMPLER;
            default -> throw new IllegalArgumentException("unknown `balance` '" + s + "': use none, weighted or sampler");
        };
    }

    /**
     * Inverse-frequency weights, {@code n / (C × n_c)} as scikit-learn's "balanced": 1 for every
     * class when the set is balanced. A class with no images gets weight 1.
     */
    public static List<Float> inverseFrequency(int[] counts) {
        long n = 0;
        for (int c : counts) {
            n += c;
        }
        List<Float> out = new ArrayList<>();
        for (int c : counts) {
            out.add(c == 0 ? 1f : (float) ((double) n / ((double) counts.length * c)));
        }
        return out;
    }

    /**
     * A sampler drawing {@code labels.length} indices per epoch: each draw picks a class uniformly
     * among those present, then an image of it uniformly, as PyTorch's
     * {@code WeightedRandomSampler} with weights {@code 1/n_c} and replacement.
     */
    public static Sampler balancedSampler(int[] labels, int classes, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        byClass.removeIf(List::isEmpty);
        return epoch -> {
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + 17);
            int[] order = new int[labels.length];
            for (int k = 0; k < order.length; k++) {
                List<Integer> members = byClass.get(rng.nextInt(byClass.size()));
                order[k] = members.get(rng.nextInt(members.size()));
            }
            return order;
        };
    }
}
