package dev.graft.spark.cli;

import dev.graft.spark.GraftFeaturizer;
import picocli.CommandLine.Option;

/** The backbone flags of {@code featurize} and {@code train}. */
public final class BackboneOptions {
    @Option(names = "--model", description = "architecture (needed for a bare weights file)")
    String model;

    @Option(names = "--weights", required = true, description = "registry tag, .safetensors file, or run folder")
    String weights;

    /** What the job reads, by flag: the data folder, and the weights unless they are a registry tag. */
    java.util.Map<String, String> inputs(String data) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("--data", data);
        if (dev.graft.model.PretrainedSpecs.find(weights).isEmpty()) {
            m.put("--weights", weights);
        }
        return m;
    }

    /** A featurizer for these weights, reading the column of the chosen source. */
    GraftFeaturizer featurizer(SparkOptions o) {
        GraftFeaturizer f = new GraftFeaturizer().setWeights(weights).setBatchSize(o.batchSize)
                .setInputCol(o.source().column);
        if (model != null) {
            f.setArch(model);
        }
        return f;
    }
}
