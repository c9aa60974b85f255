package dev.graft.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded, stratified selections of image indices. */
public final class Splits {
    private Splits() {}

    /** Indices grouped by class, each group shuffled with the seed. */
    public static List<List<Integer>> byClass(ImageSource src, long seed) {
        List<List<Integer>> groups = new ArrayList<>();
        for (int c = 0; c < src.labels().size(); c++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < src.size(); i++) {
            groups.get(src.label(i)).add(i);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (List<Integer> g : groups) {
            for (int i = g.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Integer t = g.get(i);
                g.set(i, g.get(j));
                g.set(j, t);
            }
        }
        return groups;
    }

    /**
     * Splits every class into validation and training parts.
     *
     * @param valFraction share of each class for validation; a class of two or more images gives
     *     at least one to each side
     * @return {@code [train, val]}
     */
    public static int[][] stratified(ImageSource src, double valFraction, long seed) {
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (List<Integer> g : byClass(src, seed)) {
            int nVal = (int) Math.round(g.size() * valFraction);
            if (g.size() >= 2) {
                nVal = Math.max(1, Math.min(g.size() - 1, nVal));
            } else {
                nVal = 0;
            }
            val.addAll(g.subList(0, nVal));
            train.addAll(g.subList(nVal, g.size()));
        }
        return new int[][] {sorted(train), sorted(val)};
    }

    /**
     * Takes {@code trainPerClass} then {@code valPerClass} images of every class, disjoint. A
     * value of 0 for training means all that remain.
     *
     * @return {@code [train, val]}
     */
    public static int[][] perClass(ImageSource src, int trainPerClass, int valPerClass, long seed) {
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        List<List<Integer>> groups = byClass(src, seed);
        for (int c = 0; c < groups.size(); c++) {
            List<Integer> g = groups.get(c);
            int nVal = Math.min(valPerClass, g.size());
            val.addAll(g.subList(0, nVal));
            int end = trainPerClass <= 0 ? g.size() : Math.min(g.size(), nVal + trainPerClass);
            train.addAll(g.subList(nVal, end));
        }
        return new int[][] {sorted(train), sorted(val)};
    }

    /** The first {@code perClass} images of each class in a seeded shuffle (0 = all). */
    public static int[] limit(ImageSource src, int perClass, long seed) {
        if (perClass <= 0) {
            int[] all = new int[src.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        List<Integer> out = new ArrayList<>();
        for (List<Integer> g : byClass(src, seed)) {
            out.addAll(g.subList(0, Math.min(perClass, g.size())));
        }
        return sorted(out);
    }

    private static int[] sorted(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
