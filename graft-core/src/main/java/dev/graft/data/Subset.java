package dev.graft.data;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** Some images of another source, by index, optionally with labels remapped. */
public final class Subset implements ImageSource {
    private final ImageSource base;
    private final int[] indices;

    public Subset(ImageSource base, int[] indices) {
        this.base = base;
        this.indices = indices.clone();
    }

    public int baseIndex(int i) {
        return indices[i];
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int label(int i) {
        return base.label(indices[i]);
    }

    @Override
    public List<String> labels() {
        return base.labels();
    }

    @Override
    public RawImage image(int i) throws IOException {
        return base.image(indices[i]);
    }

    @Override
    public String describe(int i) {
        return base.describe(indices[i]);
    }

    @Override
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(base.fingerprint().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (int i : indices) {
                md.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
