package dev.graft.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * One class label and the probability a model gives it.
 *
 * @param label the class name
 * @param probability the softmax probability, in [0, 1]
 */
public record Scored(String label, double probability) {

    /**
     * The {@code k} most probable labels, most probable first; ties keep class order.
     *
     * @param probabilities one probability per class
     * @param labels class names by index
     * @param k how many to keep (fewer when there are fewer classes)
     * @return the best labels with their probabilities
     */
    public static List<Scored> top(float[] probabilities, List<String> labels, int k) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(probabilities[b], probabilities[a]));
        List<Scored> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, order.length); i++) {
            out.add(new Scored(labels.get(order[i]), probabilities[order[i]]));
        }
        return out;
    }
}
