/**
 * Images in: Fashion-MNIST and ImageFolder sources, decoding any JPEG or PNG, seeded stratified
 * splits, preprocessing and augmentation, and a parallel loader that keeps the network busy.
 */
package dev.graft.data;
