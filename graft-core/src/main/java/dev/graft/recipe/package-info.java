/**
 * The transfer-learning strategies (scratch, linear probe, partial freezing, fine-tuning, and the
 * parameter-efficient LoRA, BitFit and adapters), each a short composition of freezing and
 * training calls.
 */
package dev.graft.recipe;
