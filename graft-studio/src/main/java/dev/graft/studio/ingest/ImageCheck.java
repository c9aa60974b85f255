package dev.graft.studio.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decides whether a staged file is an image the Studio keeps: its type sniffed from its content,
 * its size and the pixel count its header declares within the limits (checked before any pixel is
 * decoded, so a decompression bomb costs a header read), and the whole image decodable.
 */
public final class ImageCheck {
    static {
        ImageIO.setUseCache(false); // no temp files outside the workspace
    }

    private final UploadLimits limits;

    public ImageCheck(UploadLimits limits) {
        this.limits = limits;
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
            byte[] head = new byte[ImageType.HEAD];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, head.length);
            }
            byte[] got = java.util.Arrays.copyOf(head, n);
            ImageType type = ImageType.sniff(got);
            if (type == null) {
                return Verdict.refused(ImageType.whyNot(got));
            }
            return decode(file, type);
        } catch (IOException e) {
            return Verdict.refused("cannot read it (" + e.getMessage() + ")");
        }
    }

    /** The message for a file over the size limit. */
    public String tooBig(long size) {
        return "file of " + size + " bytes, more than the " + limits.maxFileBytes() + "-byte limit per image";
    }

    private Verdict decode(Path file, ImageType type) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return Verdict.refused("corrupt " + type + " header; no decoder recognises it");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    return Verdict.refused("corrupt " + type + " header: declares " + w + "x" + h + " pixels");
                }
                if ((long) w * h > limits.maxPixels()) {
                    return Verdict.refused(type + " header declares " + w + "x" + h + " = " + ((long) w * h)
                            + " pixels, more than the limit of " + limits.maxPixels()
                            + " (a decompression bomb, or a very large image; scale it down)");
                }
                if (reader.read(0) == null) {
                    return Verdict.refused("corrupt " + type + ": it decodes to nothing");
                }
                return new Verdict(type, w, h, null);
            } catch (RuntimeException | IOException e) {
                return Verdict.refused("corrupt or truncated " + type + " (" + String.valueOf(e.getMessage())
                        .toLowerCase(Locale.ROOT) + ")");
            } catch (OutOfMemoryError e) {
                return Verdict.refused(type + " too large to decode in this Studio's memory");
            } finally {
                reader.dispose();
            }
        }
    }
}
