package dev.graft.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** Decoded images of any sizes held in memory, each with a class index: what a program hands over in code. */
public final class DecodedImages implements ImageSource {
    private final String name;
    private final List<RawImage> images;
    private final int[] labelIds;
    private final List<String> labels;

    /**
     * @param name what to call these images in messages
     * @param images the images
     * @param labelIds class index of each image, into {@code labels}
     * @param labels class names by index
     */
    public DecodedImages(String name, List<RawImage> images, int[] labelIds, List<String> labels) {
        if (images.size() != labelIds.length) {
            throw new IllegalArgumentException(name + ": " + images.size() + " images but " + labelIds.length
                    + " labels");
        }
        for (int id : labelIds) {
            if (id < 0 || id >= labels.size()) {
                throw new IllegalArgumentException(name + ": class index " + id + " outside 0.." + (labels.size() - 1));
            }
        }
        this.name = name;
        this.images = List.copyOf(images);
        this.labelIds = labelIds.clone();
        this.labels = List.copyOf(labels);
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public int label(int i) {
        return labelIds[i];
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public RawImage image(int i) {
        return images.get(i);
    }

    @Override
    public String describe(int i) {
        return name + "[" + i + "]";
    }

    @Override
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < images.size(); i++) {
                RawImage im = images.get(i);
                md.update((im.width() + "x" + im.height() + "x" + im.channels() + ":" + labelIds[i] + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                md.update(im.pixels());
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
