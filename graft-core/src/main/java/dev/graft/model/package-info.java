/**
 * Architectures with torchvision's structure and names (ResNet, VGG, GoogLeNet, Inception v3,
 * MobileNets, EfficientNet, ConvNeXt, ViT), TorchScript modules as backbones, their registry,
 * building them with a head of the right size ({@link dev.graft.model.Models}), the classifier
 * heads transfer learning adds, pretrained weights as data ({@link dev.graft.model.PretrainedSpec}),
 * and loading state dicts into networks with every shape checked.
 */
package dev.graft.model;
