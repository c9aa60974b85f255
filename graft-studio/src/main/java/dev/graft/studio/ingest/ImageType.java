package dev.graft.studio.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The image formats the Studio takes, recognised by their first bytes, never by the file's name or
 * the type the browser claims: a script named {@code cat.png} is not a PNG.
 */
public enum ImageType {
    PNG("png", "image/png"),
    JPEG("jpg", "image/jpeg"),
    GIF("gif", "image/gif"),
    BMP("bmp", "image/bmp");

    /** Bytes {@link #sniff} needs to see. */
    public static final int HEAD = 16;

    private final String extension;
    private final String mime;

    ImageType(String extension, String mime) {
        this.extension = extension;
        this.mime = mime;
    }

    public String extension() {
        return extension;
    }

    public String mime() {
        return mime;
    }

    /**
     * The format whose signature {@code head} starts with.
     *
     * @param head the file's first bytes (up to {@link #HEAD})
     * @return the format, or null when it is none of them
     */
    public static ImageType sniff(byte[] head) {
        if (starts(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (starts(head, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a")) {
            return GIF;
        }
        if (ascii(head, 0, "BM") && head.length >= 14) {
            return BMP;
        }
        return null;
    }

    /**
     * Why a file that is none of the accepted formats was refused, naming what it looks like when
     * that is recognisable.
     *
     * @param head the file's first bytes
     * @return a reason, such as "a WebP image; convert it to PNG or JPEG"
     */
    public static String whyNot(byte[] head) {
        if (head.length == 0) {
            return "empty file (0 bytes)";
        }
        String what;
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) {
            what = "a WebP image, which Java cannot decode; convert it to PNG or JPEG";
        } else if (ascii(head, 4, "ftyp")) {
            what = "an HEIC/AVIF image or a video, which Java cannot decode; convert it to PNG or JPEG";
        } else if (ascii(head, 0, "II*") || ascii(head, 0, "MM")) {
            what = "a TIFF image; convert it to PNG or JPEG";
        } else if (ascii(head, 0, "%PDF")) {
            what = "a PDF document, not an image";
        } else if (ascii(head, 0, "PK")) {
            what = "a zip archive; add it with 'Import zip' instead";
        } else if (head[0] == '<' || ascii(head, 0, "\uFEFF") || ascii(head, 0, "#!")) {
            what = "text (HTML, SVG or a script), not an image";
        } else {
            what = "not a PNG, JPEG, GIF or BMP image (by its content, whatever its name says)";
        }
        return what;
    }

    private static boolean starts(byte[] head, int... sig) {
        if (head.length < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((head[i] & 0xFF) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] head, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return head.length >= at + b.length && Arrays.equals(head, at, at + b.length, b, 0, b.length);
    }
}
