/** A DCGAN-style generator and discriminator for 28×28 grey images, trained with the non-saturating loss. */
package dev.graft.gen.gan;
