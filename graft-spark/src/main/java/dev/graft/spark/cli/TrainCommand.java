package dev.graft.spark.cli;

import dev.graft.cli.Flags;
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

    /** A folder with one subfolder of images per class. */
    @Mixin
    Flags.Data data = Flags.Data.note("required");

    @Mixin
    BackboneOptions backbone;

    /** The folder for the saved pipeline. */
    @Mixin
    Flags.Out out = Flags.Out.note("required");

    @Option(names = "--solver",
            description = "graft (Graft's head and trainer on the driver) or mllib (LogisticRegression on the "
                    + "cluster) (default: ${DEFAULT-VALUE})")
    String solver;

    @Option(names = "--head", description = "linear or mlp:H (default: ${DEFAULT-VALUE})")
    String head;

    /** Head epochs, with solver graft. */
    @Mixin
    Flags.Epochs epochs = new Flags.Epochs();

    /** The peak learning rate, with solver graft. */
    @Mixin
    Flags.Lr lr = new Flags.Lr();

    @Option(names = "--val-fraction",
            description = "rows held out to pick the best epoch (default: ${DEFAULT-VALUE})")
    double valFraction;

    @Mixin
    Flags.Seed seed = new Flags.Seed();

    @Mixin
    Flags.Force force;

    @Override
    public Integer call() throws Exception {
        data.value();
        out.value();
        lr.doubleValue();
        return Errors.oneLine(this::run);
    }

    private Integer run() throws IOException {
        GraftFeaturizer f = backbone.featurizer(spark);
        GraftClassifier c = new GraftClassifier().setSolver(solver).setHead(head).setEpochs(epochs.value())
                .setLr(lr.doubleValue()).setValFraction(valFraction).setSeed(seed.value()).setLabelCol("label");
        try (SparkOptions.Session s = spark.open("train")) {
            SparkJobs.Source src = spark.source();
            var r = SparkJobs.train(f, c, spark.images(s.spark(), data.value(), src), out.value(), force.value(),
                    backbone.inputs(data.value()));
            System.out.printf("trained a %s head on %d classes %s in %.1f s; saved the pipeline to %s%n", head,
                    r.labels().size(), r.labels(), r.seconds(), out.value());
            r.summary().forEach((k, v) -> System.out.printf("  %s: %s%n", k, v));
        }
        return 0;
    }
}
