package dev.graft.spark.cli;

import dev.graft.spark.GraftClassifier;
import dev.graft.spark.GraftFeaturizer;
import dev.graft.spark.SparkJobs;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft spark train}: fit featurizer + head on a class-per-folder image set and save the pipeline. */
@Command(name = "train", mixinStandardHelpOptions = true, defaultValueProvider = SparkDefaults.class,
        description = "Featurize a class-per-folder image set with a frozen backbone, train a head on the features, "
                + "and save the fitted Spark pipeline (predict with graft spark predict --pipeline).")
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    SparkOptions spark;

    @Option(names = "--data", required = true, description = "folder with one subfolder of images per class")
    String data;

    @Mixin
    BackboneOptions backbone;

    @Option(names = "--out", required = true, description = "folder for the saved pipeline")
    String out;

    @Option(names = "--solver",
            description = "graft (Graft's head and trainer on the driver) or mllib (LogisticRegression on the "
                    + "cluster) (default: ${DEFAULT-VALUE})")
    String solver;

    @Option(names = "--head", description = "linear or mlp:H (default: ${DEFAULT-VALUE})")
    String head;

    @Option(names = "--epochs", description = "head epochs, solver graft (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--lr", description = "peak learning rate, solver graft (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--val-fraction",
            description = "rows held out to pick the best epoch (default: ${DEFAULT-VALUE})")
    double valFraction;

    @Option(names = "--seed", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--force", description = "replace --out if it exists")
    boolean force;

    @Override
    public Integer call() throws Exception {
        return Errors.oneLine(this::run);
    }

    private Integer run() throws IOException {
        GraftFeaturizer f = backbone.featurizer(spark);
        GraftClassifier c = new GraftClassifier().setSolver(solver).setHead(head).setEpochs(epochs).setLr(lr)
                .setValFraction(valFraction).setSeed(seed).setLabelCol("label");
        try (SparkOptions.Session s = spark.open("train")) {
            SparkJobs.Source src = spark.source();
            var r = SparkJobs.train(f, c, spark.images(s.spark(), data, src), out, force);
            System.out.printf("trained a %s head on %d classes %s in %.1f s; saved the pipeline to %s%n", head,
                    r.labels().size(), r.labels(), r.seconds(), out);
            r.summary().forEach((k, v) -> System.out.printf("  %s: %s%n", k, v));
        }
        return 0;
    }
}
