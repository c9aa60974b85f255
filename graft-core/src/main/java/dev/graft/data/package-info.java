/**
 * Images in: Fashion-MNIST and ImageFolder sources, decoding any JPEG or PNG, seeded stratified
 * splits, preprocessing and augmentation, and a parallel loader that keeps the network busy.
 * Decoding checks {@link dev.graft.data.ImageLimits} (file size, and the pixels a header declares)
 * before any pixel is decoded; images past them are skipped and counted like corrupt ones.
 */
package dev.graft.data;
