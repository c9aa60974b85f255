package dev.graft.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.data.Preprocess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Features computed by Spark in local[2] equal the plain library's on the same image files: bit
 * for bit when Spark also runs one image per forward pass, and to 1e-6 of the features' scale when
 * it batches (libtorch's batched convolutions round differently, by about 3e-7 relative here).
 */
class FeaturizerParityTest {
    static final String ARCH = "resnet18_small";
    /** Largest difference allowed, relative to the largest feature value, when Spark batches. */
    static final double RTOL = 1e-6;

    @TempDir
    static Path tmp;
    static List<Path> files;
    static Path weights;
    static Map<String, float[]> expected;

    @BeforeAll
    static void setUp() throws IOException {
        files = TestImages.write(tmp.resolve("images"), new int[] {0, 1, 8}, 8, 0);
        weights = Plain.syntheticWeights(ARCH, tmp.resolve("w.safetensors"));
        expected = Plain.features(ARCH, weights, Preprocess.imagenet(28), files);
    }

    private static GraftFeaturizer featurizer() {
        return new GraftFeaturizer().setArch(ARCH).setWeights(weights.toString()).setBatchSize(5);
    }

    @Test
    void binaryFileSourceMatchesPlainLibrary() {
        SparkSession spark = LocalSpark.get();
        Dataset<Row> images = GraftImages.binaryFiles(spark, tmp.resolve("images").toString()).repartition(3);
        GraftFeaturizer f = featurizer().setBatchSize(1);
        List<Row> rows = f.transform(images).select("path", "features", "label").collectAsList();
        assertEquals(files.size(), rows.size());
        assertEquals(3, rows.stream().map(r -> r.getString(2)).distinct().count());
        assertEquals(0.0, compare(rows), "one image per pass must match bit for bit");
        assertEquals(0L, f.badImages().value());
    }

    @Test
    void imageSourceBgrStructMatchesPlainLibrary() {
        SparkSession spark = LocalSpark.get();
        Dataset<Row> images = GraftImages.imageFiles(spark, tmp.resolve("images").toString());
        List<Row> rows = featurizer().setInputCol("image").transform(images)
                .selectExpr("image.origin", "features").collectAsList();
        assertEquals(files.size(), rows.size());
        compare(rows);
    }

    @Test
    void pathColumnMatchesPlainLibrary() {
        SparkSession spark = LocalSpark.get();
        List<String> paths = files.stream().map(p -> p.toUri().toString()).toList();
        Dataset<Row> df = spark.createDataset(paths, Encoders.STRING()).toDF("file");
        List<Row> rows = featurizer().setInputCol("file").transform(df).collectAsList();
        compare(rows);
    }

    /** The largest difference relative to the largest expected value; fails above {@link #RTOL}. */
    private static double compare(List<Row> rows) {
        double worst = 0;
        double scale = 0;
        for (Row r : rows) {
            String path = Path.of(URI.create(r.getString(0))).toString();
            float[] want = expected.get(path);
            assertNotNull(want, "no plain-library features for " + path);
            Vector got = (Vector) r.get(1);
            assertNotNull(got, path + " got no features");
            assertEquals(want.length, got.size());
            for (int i = 0; i < want.length; i++) {
                worst = Math.max(worst, Math.abs(got.apply(i) - want[i]));
                scale = Math.max(scale, Math.abs(want[i]));
            }
        }
        System.out.println("max |spark - plain| over " + rows.size() + " images: " + worst + ", max |plain| " + scale);
        assertTrue(worst <= RTOL * scale, "Spark and plain features differ by " + worst + " (scale " + scale + ")");
        return worst;
    }
}
