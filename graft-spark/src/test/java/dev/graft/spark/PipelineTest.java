package dev.graft.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Pipeline of featurizer and classifier trains on real Fashion-MNIST images written as files
 * (Trouser, Sneaker, Bag: 20 each), predicts held-out ones (10 each), and saves and loads.
 */
class PipelineTest {
    @TempDir
    static Path tmp;
    static Dataset<Row> train;
    static Dataset<Row> test;
    static Path weights;

    @BeforeAll
    static void setUp() throws IOException {
        int[] classes = {1, 7, 8};
        TestImages.write(tmp.resolve("train"), classes, 20, 0);
        TestImages.write(tmp.resolve("test"), classes, 10, 20);
        weights = Plain.syntheticWeights("resnet18_small", tmp.resolve("backbone.safetensors"));
        SparkSession spark = LocalSpark.get();
        train = GraftImages.binaryFiles(spark, tmp.resolve("train").toString());
        test = GraftImages.binaryFiles(spark, tmp.resolve("test").toString());
    }

    private static GraftFeaturizer featurizer() {
        return new GraftFeaturizer().setArch("resnet18_small").setWeights(weights.toString());
    }

    static double accuracy(Dataset<Row> predicted) {
        List<Row> rows = predicted.select("label", "predictedLabel").collectAsList();
        return rows.stream().filter(r -> r.getString(0).equals(r.getString(1))).count() / (double) rows.size();
    }

    @Test
    void graftHeadTrainsPredictsSavesAndLoads() throws IOException {
        GraftClassifier clf = new GraftClassifier().setEpochs(100).setLr(1e-2).setValFraction(0.2);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {featurizer(), clf});
        PipelineModel model = pipeline.fit(train);
        GraftClassifierModel head = (GraftClassifierModel) model.stages()[1];
        assertEquals(List.of("Bag", "Sneaker", "Trouser"), head.labels());
        Dataset<Row> predicted = model.transform(test).cache();
        double acc = accuracy(predicted);
        System.out.println("graft head: held-out accuracy " + acc + ", fit " + head.summary());
        assertTrue(acc >= 0.8, "held-out accuracy " + acc + " on 3 well separated classes");

        String saved = tmp.resolve("pipeline").toString();
        model.write().overwrite().save(saved);
        PipelineModel loaded = PipelineModel.load(saved);
        List<Row> before = predicted.orderBy("path").select("path", "probability", "predictedLabel").collectAsList();
        List<Row> after = loaded.transform(test).orderBy("path").select("path", "probability", "predictedLabel")
                .collectAsList();
        assertEquals(before, after, "a loaded pipeline predicts exactly as the saved one");

        pipeline.write().overwrite().save(tmp.resolve("unfitted").toString());
        Pipeline again = Pipeline.load(tmp.resolve("unfitted").toString());
        GraftClassifier clf2 = (GraftClassifier) again.getStages()[1];
        assertEquals(100, clf2.getEpochs());
        String bundled = ((GraftFeaturizer) again.getStages()[0]).getWeights();
        assertTrue(bundled.endsWith("model/weights.safetensors") && Files.isRegularFile(Path.of(bundled)),
                "a saved featurizer carries its weights file: " + bundled);
    }

    @Test
    void mllibSolverFitsAnEquivalentLinearHead() {
        Dataset<Row> feats = featurizer().transform(train).cache();
        GraftClassifierModel m = new GraftClassifier().setSolver("mllib").setMaxIter(20).setRegParam(1e-3).fit(feats);
        double acc = accuracy(m.transform(featurizer().transform(test)));
        System.out.println("mllib head: held-out accuracy " + acc + ", fit " + m.summary());
        assertTrue(acc >= 0.8, "held-out accuracy " + acc);
        feats.unpersist();
    }
}
