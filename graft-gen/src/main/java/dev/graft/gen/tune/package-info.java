/**
 * How generators adapt to a new domain: the strategies (scratch, full, freeze-lower, LoRA,
 * FreezeD), and LoRA over a whole generator with {@code peft}'s LoRA.
 */
package dev.graft.gen.tune;
