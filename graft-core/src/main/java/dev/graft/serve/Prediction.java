package dev.graft.serve;

import dev.graft.eval.Scored;
import java.util.List;

/**
 * What a {@link Classifier} says about one image.
 *
 * @param top the most probable labels with their probabilities, most probable first
 */
public record Prediction(List<Scored> top) {
    /**
     * Copies the list and checks it is not empty.
     *
     * @param top the most probable labels, most probable first
     * @throws IllegalArgumentException when {@code top} is empty
     */
    public Prediction {
        top = List.copyOf(top);
        if (top.isEmpty()) {
            throw new IllegalArgumentException("a prediction needs at least one label");
        }
    }

    /**
     * The most probable label.
     *
     * @return the label
     */
    public String label() {
        return top.get(0).label();
    }

    /**
     * The probability of the most probable label.
     *
     * @return a probability in [0, 1]
     */
    public double probability() {
        return top.get(0).probability();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Scored s : top) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format("%s %.4f", s.label(), s.probability()));
        }
        return sb.toString();
    }
}
