package dev.graft.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** Image files with class labels, decoded on demand: what a folder and a CSV file list both become. */
abstract class FileImages implements ImageSource {
    private final Path base;
    private final String where;
    private final List<Path> files;
    private final int[] labelIds;
    private final List<String> labels;
    private final List<String> skipped;
    private final ImageLimits limits;

    /**
     * @param base the folder the fingerprint names files relative to
     * @param where what to call these images in messages
     * @param limits the image sizes decoding accepts
     */
    FileImages(Path base, String where, List<Path> files, int[] labelIds, List<String> labels, List<String> skipped,
            ImageLimits limits) {
        this.base = base;
        this.where = where;
        this.files = files;
        this.labelIds = labelIds;
        this.labels = labels;
        this.skipped = skipped;
        this.limits = limits;
    }

    /** Files that could not be decoded, each with the reason, in scan order. */
    public List<String> skipped() {
        return skipped;
    }

    public Path file(int i) {
        return files.get(i);
    }

    @Override
    public int size() {
        return files.size();
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
    public RawImage image(int i) throws IOException {
        return ImageDecoder.decode(files.get(i), limits);
    }

    @Override
    public String describe(int i) {
        return files.get(i).toString();
    }

    /** Each file's path relative to the base, its size and its label, hashed. */
    @Override
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            Path b = base.toAbsolutePath();
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                md.update((b.relativize(f.toAbsolutePath()) + "\0" + Files.size(f) + "\0" + labelIds[i] + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new DataException(where + ": cannot fingerprint (" + e.getMessage() + ")", e);
        }
    }
}
