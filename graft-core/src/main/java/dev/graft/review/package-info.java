/**
 * Reviewing a labeled data set with a trained model: out-of-sample class probabilities by k-fold
 * cross-fitting (a linear probe on cached features, or a short fine-tune per fold), label-issue
 * candidates by confident learning, the most confused class pairs and the highest-loss images,
 * and the self-contained {@code review.html} and {@code review.json}.
 */
package dev.graft.review;
