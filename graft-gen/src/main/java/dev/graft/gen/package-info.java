/**
 * Generative fine-tuning: image generators (a small DDPM and a DCGAN) pretrained on a source
 * domain, adapted to a target domain from a few images by scratch, full, freeze-lower, LoRA or
 * FreezeD training, and measured by FID, domain accuracy, diversity and memorisation on the
 * features of a Fashion-MNIST classifier trained by Graft.
 */
package dev.graft.gen;
