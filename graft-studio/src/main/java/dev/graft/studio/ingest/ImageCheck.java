package dev.graft.studio.ingest;

import dev.graft.data.ImageDecoder;
import dev.graft.data.ImageLimits;
import dev.graft.data.RawImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides whether a staged file is an image the Studio keeps: its type sniffed from its content,
 * then decoded by graft-core within {@link ImageLimits} (the file size and the pixel count its
 * header declares are checked before any pixel is decoded, so a decompression bomb costs a header
 * read), the same decoder training uses later.
 */
public final class ImageCheck {
    private final UploadLimits limits;
    private final ImageLimits decodeLimits;

    public ImageCheck(UploadLimits limits) {
        this.limits = limits;
        this.decodeLimits = new ImageLimits(limits.maxPixels(), limits.maxFileBytes());
    }

    /**
     * The verdict on one file.
     *
     * @param type the sniffed format, or null when refused
     * @param width pixels, when accepted
     * @param height pixels, when accepted
     * @param reason why it was refused, or null when accepted
     */
    public record Verdict(ImageType type, int width, int height, String reason) {
        public boolean ok() {
            return reason == null;
        }

        static Verdict refused(String reason) {
            return new Verdict(null, 0, 0, reason);
        }
    }

    /**
     * Checks a file.
     *
     * @param file a staged file
     * @return the verdict; never throws for a bad file
     */
    public Verdict check(Path file) {
        try {
            long size = Files.size(file);
            if (size == 0) {
                return Verdict.refused("empty file (0 bytes)");
            }
            if (size > limits.maxFileBytes()) {
                return Verdict.refused(tooBig(size));
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(ImageType.HEAD);
            }
            ImageType type = ImageType.sniff(head);
            if (type == null) {
                return Verdict.refused(ImageType.whyNot(head));
            }
            RawImage img;
            try {
                img = ImageDecoder.decode(file, decodeLimits);
            } catch (IOException e) {
                return Verdict.refused("unreadable " + type + ": " + e.getMessage());
            }
            return new Verdict(type, img.width(), img.height(), null);
        } catch (IOException e) {
            return Verdict.refused("cannot read it (" + e.getMessage() + ")");
        }
    }

    /** The message for a file over the size limit. */
    public String tooBig(long size) {
        return "file of " + size + " bytes, more than the " + limits.maxFileBytes() + "-byte limit per image";
    }
}
