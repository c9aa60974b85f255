/**
 * Serving a trained model: {@link dev.graft.serve.Classifier} loads a run folder once and answers
 * top-k predictions for image files, decoded images or encoded bytes, from many threads at once.
 */
package dev.graft.serve;
