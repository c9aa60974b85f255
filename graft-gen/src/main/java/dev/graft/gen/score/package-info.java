/**
 * Generator measures on the features of Graft's Fashion-MNIST classifier: FID with a bootstrap
 * interval (matrix square roots by a Jacobi eigensolver), domain accuracy, diversity and
 * memorisation.
 */
package dev.graft.gen.score;
