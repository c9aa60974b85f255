package example;

import dev.graft.Graft;
import dev.graft.TrainedModel;
import dev.graft.export.ExportResult;
import dev.graft.export.OnnxExport;
import dev.graft.serve.Classifier;
import dev.graft.source.FashionMnistClasses;
import java.nio.file.Path;

/**
 * Graft's quick start, as the README prints it: fine-tune the bundled backbone on four Fashion-MNIST
 * classes, evaluate, save, reload and predict, and export to ONNX (checked by ONNX Runtime before
 * the file is kept). CI builds and runs this project against the installed graft-core and
 * graft-onnx.
 */
public final class Quickstart {
    private Quickstart() {}

    public static void main(String[] args) {
        // README begin
        FashionMnistClasses shoesAndBags = FashionMnistClasses.builder()
                .setClasses(5, 7, 8, 9).optPerClass(50).optValPerClass(10).build();
        Path runDir = Path.of("target", "shoes-and-bags");
        try (TrainedModel model = Graft.fineTune(shoesAndBags)
                .setWeights("resnet18_small.fmnist_src")
                .optEpochs(3)
                .optLr(3e-3f)
                .fit()) {
            System.out.println(model.evaluate(shoesAndBags).format());
            model.save(runDir);
        }
        try (Classifier classifier = Classifier.load(runDir)) {
            System.out.println("sneaker.png: " + classifier.predict(Path.of("images", "sneaker.png")));
            System.out.println("bag.png: " + classifier.predict(Path.of("images", "bag.png")));
        }
        try (TrainedModel reloaded = Graft.load(runDir)) {
            ExportResult onnx = OnnxExport.builder().setModel(reloaded)
                    .setOutput(Path.of("target", "shoes-and-bags.onnx")).build().run();
            System.out.println(onnx.file() + ": ONNX Runtime agrees, " + onnx.maxRelativeError());
        }
        // README end
        check(runDir, shoesAndBags);
    }

    /**
     * Not in the README: fails the build when the saved model is no better than chance (25%), or
     * the ONNX file is missing.
     */
    private static void check(Path runDir, FashionMnistClasses data) {
        try (TrainedModel saved = Graft.load(runDir)) {
            double accuracy = saved.evaluate(data).accuracy();
            if (accuracy < 0.6) {
                throw new IllegalStateException("the quick start's model scored " + accuracy + "; expected > 0.6");
            }
        }
        if (!java.nio.file.Files.isRegularFile(Path.of("target", "shoes-and-bags.onnx"))) {
            throw new IllegalStateException("the quick start wrote no target/shoes-and-bags.onnx");
        }
    }
}
