/**
 * Typed data sources for the Java API: {@link dev.graft.source.ImageFolder} (one subfolder per
 * class), {@link dev.graft.source.FashionMnistClasses}, {@link dev.graft.source.ImageList}
 * (images and labels handed over in code) and {@link dev.graft.source.CsvFile} ({@code path,label}
 * rows). Each opens as training, validation and test images for
 * {@link dev.graft.Graft#fineTune}, and as test images for {@link dev.graft.TrainedModel#evaluate}.
 */
package dev.graft.source;
