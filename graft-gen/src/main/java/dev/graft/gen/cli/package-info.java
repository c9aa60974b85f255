/** The {@code graft gen} commands: pretrain, finetune, sample, score, study and classifier. */
package dev.graft.gen.cli;
