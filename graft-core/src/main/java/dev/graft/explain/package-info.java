/**
 * Where a network looked: Grad-CAM heat maps at a chosen layer of any registered architecture
 * (convolutional feature maps, and ViT's patch-token grid), the default layer, and overlays of a
 * heat map on the image the network saw.
 */
package dev.graft.explain;
