package dev.graft.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** Images of one size held in one byte array, as Fashion-MNIST comes. */
public final class InMemoryImages implements ImageSource {
    private final String name;
    private final int width;
    private final int height;
    private final int channels;
    private final byte[] pixels;
    private final int[] labelIds;
    private final List<String> labels;

    public InMemoryImages(String name, int width, int height, int channels, byte[] pixels, int[] labelIds,
            List<String> labels) {
        this.name = name;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.pixels = pixels;
        this.labelIds = labelIds;
        this.labels = List.copyOf(labels);
        if ((long) width * height * channels * labelIds.length != pixels.length) {
            throw new IllegalArgumentException(name + ": pixel count does not match image count");
        }
    }

    @Override
    public int size() {
        return labelIds.length;
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
        int n = width * height * channels;
        byte[] px = new byte[n];
        System.arraycopy(pixels, i * n, px, 0, n);
        return new RawImage(width, height, channels, px);
    }

    @Override
    public String describe(int i) {
        return name + "[" + i + "]";
    }

    @Override
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(pixels);
            ByteBuffer b = ByteBuffer.allocate(4 * labelIds.length);
            for (int l : labelIds) {
                b.putInt(l);
            }
            md.update(b.array());
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy holding only the given classes, relabelled 0..k-1 in the order given. */
    public InMemoryImages selectClasses(int[] classes) {
        int n = width * height * channels;
        int count = 0;
        int[] map = new int[labels.size()];
        java.util.Arrays.fill(map, -1);
        for (int k = 0; k < classes.length; k++) {
            map[classes[k]] = k;
        }
        for (int l : labelIds) {
            if (map[l] >= 0) {
                count++;
            }
        }
        byte[] px = new byte[count * n];
        int[] ids = new int[count];
        int j = 0;
        for (int i = 0; i < labelIds.length; i++) {
            if (map[labelIds[i]] >= 0) {
                System.arraycopy(pixels, i * n, px, j * n, n);
                ids[j++] = map[labelIds[i]];
            }
        }
        List<String> names = new java.util.ArrayList<>();
        for (int c : classes) {
            names.add(labels.get(c));
        }
        return new InMemoryImages(name, width, height, channels, px, ids, names);
    }
}
