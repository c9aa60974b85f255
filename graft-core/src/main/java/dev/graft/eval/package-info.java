/** Accuracy, per-class precision, recall and F1, confusion matrices and their plots. */
package dev.graft.eval;
