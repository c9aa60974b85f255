package dev.graft.studio.ingest;

/**
 * How much one request may bring. Every limit is checked before the bytes it bounds are kept, and
 * a request over one is refused with the limit named.
 *
 * @param maxFileBytes largest single image; default {@value #DEFAULT_FILE_BYTES} (32 MiB)
 * @param maxFiles most files in one upload; default {@value #DEFAULT_FILES}
 * @param maxRequestBytes largest upload request (all its files, or one zip); default 1 GiB
 * @param maxZipEntries most entries a zip may declare; default {@value #DEFAULT_ZIP_ENTRIES}
 * @param maxUnzippedBytes most bytes a zip's entries may declare, uncompressed, in total; default 2 GiB
 * @param maxPixels most pixels an image's header may declare; default {@value #DEFAULT_PIXELS} (PIL's limit)
 */
public record UploadLimits(long maxFileBytes, int maxFiles, long maxRequestBytes, int maxZipEntries,
        long maxUnzippedBytes, long maxPixels) {
    public static final long DEFAULT_FILE_BYTES = 32L << 20;
    public static final int DEFAULT_FILES = 2_000;
    public static final int DEFAULT_ZIP_ENTRIES = 20_000;
    public static final long DEFAULT_PIXELS = 89_478_485L;

    /** The defaults. */
    public static final UploadLimits DEFAULTS = new UploadLimits(DEFAULT_FILE_BYTES, DEFAULT_FILES, 1L << 30,
            DEFAULT_ZIP_ENTRIES, 2L << 30, DEFAULT_PIXELS);

    public UploadLimits {
        if (maxFileBytes < 1 || maxFiles < 1 || maxRequestBytes < maxFileBytes || maxZipEntries < 1
                || maxUnzippedBytes < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("upload limits must be positive, and the request limit at least the "
                    + "file limit");
        }
    }
}
