/** Graft: transfer learning and fine-tuning for the JVM. {@link dev.graft.Graft} holds the version. */
package dev.graft;
