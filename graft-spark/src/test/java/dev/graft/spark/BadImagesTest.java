package dev.graft.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-byte, truncated and non-image files give null results and are counted; the job succeeds.
 * Spark's file sources skip zero-byte files before any stage sees them; {@link GraftImages} adds
 * them back, so every source counts them.
 */
class BadImagesTest {
    @TempDir
    static Path tmp;
    static Path dir;
    static Path weights;
    static final List<String> BAD = List.of("empty.png", "truncated.png", "text.png");

    @BeforeAll
    static void setUp() throws IOException {
        dir = tmp.resolve("images");
        List<Path> good = TestImages.write(dir, new int[] {0, 9}, 3, 0);
        Path cls = good.get(0).getParent();
        Files.write(cls.resolve("empty.png"), new byte[0]);
        byte[] png = Files.readAllBytes(good.get(0));
        Files.write(cls.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
        Files.writeString(cls.resolve("text.png"), "this is not an image\n");
        weights = Plain.syntheticWeights("resnet18_small", tmp.resolve("w.safetensors"));
    }

    private static GraftFeaturizer featurizer() {
        return new GraftFeaturizer().setArch("resnet18_small").setWeights(weights.toString()).setErrorCol("why");
    }

    @Test
    void binaryFileRowsGetNullFeaturesAndAreCounted() {
        SparkSession spark = LocalSpark.get();
        GraftFeaturizer f = featurizer();
        List<Row> rows = f.transform(GraftImages.binaryFiles(spark, dir.toString())).select("path", "features", "why")
                .collectAsList();
        assertEquals(9, rows.size(), "the zero-byte file has a row although Spark's binaryFile source drops it");
        check(rows);
        assertEquals(3L, f.badImages().value());
        assertEquals("empty file (0 bytes)", reason(rows, "empty.png"));
    }

    @Test
    void pathRowsGetNullFeaturesAndAreCounted() throws IOException {
        SparkSession spark = LocalSpark.get();
        List<String> paths;
        try (var s = Files.walk(dir)) {
            paths = s.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
        }
        GraftFeaturizer f = featurizer().setInputCol("file");
        List<Row> rows = f.transform(spark.createDataset(paths, Encoders.STRING()).toDF("file"))
                .select("file", "features", "why").collectAsList();
        assertEquals(9, rows.size());
        check(rows);
        assertEquals(3L, f.badImages().value());
        assertEquals("empty file (0 bytes)", reason(rows, "empty.png"));
    }

    @Test
    void imageSourceRowsGetNullFeaturesAndAreCounted() {
        SparkSession spark = LocalSpark.get();
        GraftFeaturizer f = featurizer().setInputCol("image");
        List<Row> rows = f.transform(GraftImages.imageFiles(spark, dir.toString()))
                .selectExpr("image.origin", "features", "why").collectAsList();
        assertEquals(9, rows.size(), "the zero-byte file has a row although Spark's image source drops it");
        check(rows);
        assertEquals(3L, f.badImages().value());
    }

    private static String reason(List<Row> rows, String name) {
        return rows.stream().filter(r -> r.getString(0).endsWith("/" + name)).findFirst().orElseThrow().getString(2);
    }

    private static void check(List<Row> rows) {
        for (Row r : rows) {
            String name = r.getString(0).substring(r.getString(0).lastIndexOf('/') + 1);
            if (BAD.contains(name)) {
                assertNull(r.get(1), name + " should have no features");
                assertNotNull(r.get(2), name + " should say why");
            } else {
                assertNotNull(r.get(1), name + " should have features");
                assertNull(r.get(2));
            }
        }
    }
}
