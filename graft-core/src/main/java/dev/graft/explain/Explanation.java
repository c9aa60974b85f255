package dev.graft.explain;

/**
 * What Grad-CAM found for one image.
 *
 * @param target the class whose score was explained (the predicted one unless another was asked for)
 * @param logits the network's raw class scores for the image
 * @param heatMap where the evidence for {@code target} lies, summing to 1
 * @param layer the module whose output was weighted
 */
public record Explanation(int target, float[] logits, HeatMap heatMap, String layer) {}
