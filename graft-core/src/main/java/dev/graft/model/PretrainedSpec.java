package dev.graft.model;

import dev.graft.data.Preprocess;
import java.util.List;

/**
 * A set of pretrained weights as data, in the spirit of timm's {@code pretrained_cfg}: where the
 * weights live, what they were trained on, and the preprocessing they expect, so inputs always
 * match the weights unless the user overrides it.
 *
 * @param tag registry name, {@code arch.tag}, as given to {@code --weights}
 * @param arch the architecture the weights fit
 * @param source {@code classpath:/…} for weights shipped with Graft, or an https URL
 * @param sha256 checksum of the weights file, or null when unknown
 * @param numClasses classes of the head the weights come with
 * @param labels class names of that head (empty when unknown)
 * @param preprocess input size, resize, mean and std the weights expect
 * @param interpolation resampling used when training them ({@code bilinear}, {@code bicubic})
 * @param stem module path of the first layer, for freezing and display
 * @param head module path of the classifier, which transfer learning replaces
 * @param description what the weights were trained on, and how to reproduce them
 */
public record PretrainedSpec(String tag, String arch, String source, String sha256, int numClasses,
        List<String> labels, Preprocess preprocess, String interpolation, String stem, String head,
        String description) {}
