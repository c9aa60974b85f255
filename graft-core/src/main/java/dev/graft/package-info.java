/**
 * Graft: transfer learning and fine-tuning for the JVM. The Java API starts here:
 * {@link dev.graft.Graft#fineTune} configures a run ({@link dev.graft.FineTuning}) whose
 * {@link dev.graft.FineTuning#fit} returns a {@link dev.graft.TrainedModel}, and
 * {@link dev.graft.Graft#load} reopens a saved one. Data comes from {@link dev.graft.source};
 * serving goes through {@link dev.graft.serve.Classifier}.
 */
package dev.graft;
