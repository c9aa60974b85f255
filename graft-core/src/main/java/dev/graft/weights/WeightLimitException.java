package dev.graft.weights;

/**
 * A file refused because it goes past one of the {@link WeightLimits}: not necessarily damaged,
 * only larger or deeper than allowed, so a cached download is kept (raising the limit reads it).
 */
public class WeightLimitException extends WeightsException {
    public WeightLimitException(String message) {
        super(message);
    }
}
