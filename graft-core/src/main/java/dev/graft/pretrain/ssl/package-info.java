/**
 * Self-supervised pretraining on unlabeled images: SimCLR (Chen et al., ICML 2020) with its
 * NT-Xent loss over two augmented views of every image, a projection head that is thrown away
 * afterwards, and two monitors that say during training whether the features are getting useful:
 * a weighted k-nearest-neighbour classifier and a linear probe on frozen features, both fitted on
 * a small labeled subset that training itself never uses.
 */
package dev.graft.pretrain.ssl;
