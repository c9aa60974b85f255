/**
 * Architectures with torchvision's structure and names, their registry, the classifier heads
 * transfer learning adds, and loading state dicts into them with every shape checked.
 */
package dev.graft.model;
