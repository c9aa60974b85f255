/**
 * The transfer-learning strategies (scratch, linear probe, partial freezing, fine-tuning), each a
 * short composition of freezing and training calls.
 */
package dev.graft.recipe;
