/**
 * How far to trust a prediction: temperature scaling fitted on validation images, expected
 * calibration error and reliability bins, out-of-distribution scores (maximum softmax probability,
 * energy) with their AUROC, and the rejection threshold that keeps a chosen share of
 * in-distribution images. {@link dev.graft.calibration.Calibration} is what a run stores in
 * {@code graft.json} and what prediction applies.
 */
package dev.graft.calibration;
