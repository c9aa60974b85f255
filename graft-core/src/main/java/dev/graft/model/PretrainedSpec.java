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
 * @param source {@code classpath:/…} for weights shipped with Graft, an https URL, or
 *     {@code hf://org/repo[/file]} for the Hugging Face hub
 * @param sha256 lower-case hex sha256 of the weights file, or a prefix of it (at least 8 digits)
 *     when only that is published, or null when unknown. torchvision's file names carry such a
 *     prefix ({@code resnet18-f37072fd.pth}), which {@code torch.hub} checks with
 *     {@code check_hash=True}; verify with {@link #sha256Matches}, which accepts a prefix.
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
        String description) {
    /** Shortest checksum prefix accepted; torch.hub file names carry 8 hex digits. */
    public static final int MIN_SHA256_PREFIX = 8;

    public PretrainedSpec {
        if (sha256 != null && (sha256.length() < MIN_SHA256_PREFIX || sha256.length() > 64
                || !sha256.matches("[0-9a-f]+"))) {
            throw new IllegalArgumentException(tag + ": sha256 must be 8 to 64 lower-case hex digits, got '"
                    + sha256 + "'");
        }
    }

    /** Whether {@link #sha256} is only a prefix of the checksum rather than all 64 digits. */
    public boolean sha256IsPrefix() {
        return sha256 != null && sha256.length() < 64;
    }

    /**
     * Whether a file with this full sha256 is the one the spec names: equal to {@link #sha256},
     * or starting with it when the spec holds a prefix. True when the spec has no checksum.
     */
    public boolean sha256Matches(String actualSha256) {
        return sha256 == null || actualSha256.toLowerCase(java.util.Locale.ROOT).startsWith(sha256);
    }
}
