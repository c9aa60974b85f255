/**
 * A project's runs and what is made from them: training and resuming through graft-core's API,
 * the review of a run's validation images, trying a model on an image, comparison studies, and
 * exports (the run folder as a zip, ONNX when graft-onnx is on the classpath).
 */
package dev.graft.studio.results;
