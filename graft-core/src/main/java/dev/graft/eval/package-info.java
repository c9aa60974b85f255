/** Accuracy, per-class precision, recall and F1, and confusion matrices, with test-time augmentation. */
package dev.graft.eval;
