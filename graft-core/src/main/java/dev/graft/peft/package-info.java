/**
 * Parameter-efficient fine-tuning: train a small number of new or selected weights on a frozen
 * pretrained network, and save only those. {@link dev.graft.peft.Lora} adds low-rank updates to
 * Linear and Conv2d weights, {@link dev.graft.peft.Adapters} inserts bottleneck modules after the
 * stages, and BitFit trains only biases. {@link dev.graft.peft.Peft} applies, freezes, saves and
 * reloads any of the three.
 */
package dev.graft.peft;
