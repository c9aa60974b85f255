package dev.graft.studio.ingest;

import dev.graft.data.ImageLimits;

/**
 * How much one request may bring. Every limit is checked before the bytes it bounds are kept, and
 * a request over one is refused with the limit named.
 *
 * @param maxFileBytes largest single image; default {@value #DEFAULT_FILE_BYTES} (32 MiB)
 * @param maxFiles most files in one upload; default {@value #DEFAULT_FILES}
 * @param maxRequestBytes largest upload request (all its files, or one zip); default 1 GiB
 * @param maxZipEntries most entries a zip may declare; default {@value #DEFAULT_ZIP_ENTRIES}
 * @param maxUnzippedBytes most bytes a zip's entries may declare, uncompressed, in total; default 2 GiB
 * @param maxPixels most pixels an image's header may declare; default graft-core's
 *     {@link ImageLimits} (PIL's 89,478,485, or {@code GRAFT_MAX_IMAGE_PIXELS}), the limit training decodes with
 */
public record UploadLimits(long maxFileBytes, int maxFiles, long maxRequestBytes, int maxZipEntries,
        long maxUnzippedBytes, long maxPixels) {
    public static final long DEFAULT_FILE_BYTES = 32L << 20;
    public static final int DEFAULT_FILES = 2_000;
    public static final int DEFAULT_ZIP_ENTRIES = 20_000;

    /** The defaults; the pixel limit is the one training decodes with, so what is kept can be trained on. */
    public static final UploadLimits DEFAULTS = new UploadLimits(DEFAULT_FILE_BYTES, DEFAULT_FILES, 1L << 30,
            DEFAULT_ZIP_ENTRIES, 2L << 30, ImageLimits.fromEnvironment().maxPixels());

    public UploadLimits {
        if (maxFileBytes < 1 || maxFiles < 1 || maxRequestBytes < maxFileBytes || maxZipEntries < 1
                || maxUnzippedBytes < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("upload limits must be positive, and the request limit at least the "
                    + "file limit");
        }
    }
}
