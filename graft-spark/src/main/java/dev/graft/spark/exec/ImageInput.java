package dev.graft.spark.exec;

import dev.graft.data.ImageDecoder;
import dev.graft.data.RawImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/** The kinds of image column Graft's stages read, and how each becomes pixels. */
public enum ImageInput {
    /** Encoded file bytes (JPEG, PNG, BMP, GIF), as the {@code binaryFile} source's {@code content}. */
    ENCODED_BYTES,
    /** A file path or URI on any Hadoop file system the executors can read. */
    PATH,
    /** The struct of Spark's {@code image} source: BGR(A) or grey bytes, row-major. */
    SPARK_IMAGE;

    private static final List<String> IMAGE_FIELDS = List.of("origin", "height", "width", "nChannels", "mode", "data");
    /** OpenCV type codes of the 8-bit layouts Spark's image source writes. */
    private static final int CV_8UC1 = 0;
    private static final int CV_8UC3 = 16;
    private static final int CV_8UC4 = 24;

    /** The kind of column {@code col}, or an error naming the column and what it should hold. */
    public static ImageInput of(StructType schema, String col) {
        if (!List.of(schema.fieldNames()).contains(col)) {
            throw new IllegalArgumentException("input column '" + col + "' does not exist; columns are "
                    + List.of(schema.fieldNames()) + " (binaryFile gives 'content', the image source 'image')");
        }
        DataType t = schema.apply(col).dataType();
        if (t instanceof BinaryType) {
            return ENCODED_BYTES;
        }
        if (t instanceof StringType) {
            return PATH;
        }
        if (t instanceof StructType s && List.of(s.fieldNames()).containsAll(IMAGE_FIELDS)) {
            return SPARK_IMAGE;
        }
        throw new IllegalArgumentException("input column '" + col + "' has type " + t.simpleString()
                + "; it must hold encoded image bytes (binary), a path (string) or Spark's image struct");
    }

    /** Decodes one value of this kind; a null, empty or undecodable value throws IOException. */
    public RawImage decode(Object value, Configuration hadoop) throws IOException {
        if (value == null) {
            throw new IOException("no image (null)");
        }
        return switch (this) {
            case ENCODED_BYTES -> bytes((byte[]) value);
            case PATH -> bytes(readPath((String) value, hadoop));
            case SPARK_IMAGE -> sparkImage((Row) value);
        };
    }

    /** Where a value came from, for warnings: the path, or the image's origin. */
    public String origin(Object value) {
        if (this == PATH && value != null) {
            return (String) value;
        }
        if (this == SPARK_IMAGE && value != null) {
            return ((Row) value).getAs("origin");
        }
        return null;
    }

    private static RawImage bytes(byte[] b) throws IOException {
        if (b.length == 0) {
            throw new IOException("empty file (0 bytes)");
        }
        return ImageDecoder.decode(b);
    }

    private static byte[] readPath(String path, Configuration hadoop) throws IOException {
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(hadoop).open(p)) {
            return in.readAllBytes();
        }
    }

    /** Spark stores BGR, BGRA or grey; Graft works in RGB or grey. */
    static RawImage sparkImage(Row r) throws IOException {
        int h = r.<Integer>getAs("height");
        int w = r.<Integer>getAs("width");
        int c = r.<Integer>getAs("nChannels");
        int mode = r.<Integer>getAs("mode");
        byte[] data = r.getAs("data");
        if (h <= 0 || w <= 0 || data == null || data.length == 0) {
            throw new IOException("Spark's image source could not decode it (empty, truncated or not an image)");
        }
        if (!(mode == CV_8UC1 && c == 1 || mode == CV_8UC3 && c == 3 || mode == CV_8UC4 && c == 4)) {
            throw new IOException("unsupported image mode " + mode + " with " + c + " channels; Graft reads the "
                    + "8-bit grey, BGR and BGRA layouts of Spark's image source");
        }
        if (data.length != h * w * c) {
            throw new IOException("image data has " + data.length + " bytes but " + w + "x" + h + "x" + c
                    + " needs " + h * w * c);
        }
        if (c == 1) {
            return new RawImage(w, h, 1, data);
        }
        byte[] rgb = new byte[h * w * 3];
        for (int i = 0, o = 0; o < rgb.length; i += c, o += 3) {
            rgb[o] = data[i + 2];
            rgb[o + 1] = data[i + 1];
            rgb[o + 2] = data[i];
        }
        return new RawImage(w, h, 3, rgb);
    }
}
