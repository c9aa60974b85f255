package dev.graft.serve;

/**
 * Where a {@link Classifier} looked in one image, with what it answered: a Grad-CAM heat map over
 * the image for one class, that class's calibrated probability, and the heat map drawn over the
 * image as a PNG, ready to show.
 *
 * @param label the class explained: the predicted one, unless another was asked for
 * @param probability that class's calibrated probability, as {@link Classifier#predict} gives it
 * @param heatMap rows of columns at the explained layer's resolution (7 × 7 for a ResNet at 224
 *     pixels), every cell at least 0, all summing to 1: the share of the evidence each place holds;
 *     row 0 is the top of the image, column 0 its left edge
 * @param layer the module Grad-CAM read, as a dotted path such as {@code layer4}
 * @param overlayPng the network's input image (the centre crop it saw) with the heat map over it
 *     and the label and probability in its title, encoded as PNG, at least 224 pixels a side
 */
public record HeatMapPrediction(String label, double probability, double[][] heatMap, String layer,
        byte[] overlayPng) {}
