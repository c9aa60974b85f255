package dev.graft.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import dev.graft.Graft;
import dev.graft.TrainedModel;
import dev.graft.data.Preprocess;
import dev.graft.recipe.Strategy;
import dev.graft.run.RunException;
import dev.graft.source.ImageFolder;
import dev.graft.testing.Fixtures;
import dev.graft.testing.TinyFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export from Java in a few statements: a model trained in this program goes straight to
 * {@link OnnxExport.Builder#setModel}, and the export carries what training named. A LoRA run on a
 * local base file exports from the model, while its bare run folder is refused until the base is
 * named again (a run folder never makes Graft open a file outside it).
 */
class OnnxExportApiTest {
    static final int SIZE = 16;
    static final Preprocess PRE = new Preprocess(SIZE, SIZE, Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD);

    @TempDir
    static Path tmp;
    static Path data;
    static Path base;

    @BeforeAll
    static void setUp() throws Exception {
        data = TinyFolder.write(tmp.resolve("data"), 3, 8, SIZE, 1);
        base = Fixtures.writeSyntheticWeights("resnet18_small", 5, tmp.resolve("base.safetensors"));
    }

    @Test
    void aTrainedLoraModelExportsAndItsBareFolderNeedsTheBaseNamed() throws Exception {
        Path onnx = tmp.resolve("lora.onnx");
        try (TrainedModel model = Graft.fineTune(ImageFolder.of(data)).setModel("resnet18_small")
                .setWeights(base.toString()).optStrategy(Strategy.LORA).optPreprocess(PRE).optEpochs(1)
                .optBatchSize(6).optThreads(1).optSeed(3).fit()) {
            ExportResult r = OnnxExport.builder().setModel(model).setOutput(onnx).build().run();
            assertEquals(onnx, r.file());
            assertTrue(Files.size(onnx) > 0);
            r.maxRelativeError().forEach((output, err) -> assertTrue(err <= r.tolerance(), output + ": " + err));
            assertEquals(new Gson().toJson(model.labels()), r.metadata().get("graft.labels"));

            Path bare = tmp.resolve("bare.onnx");
            RunException refused = assertThrows(RunException.class,
                    () -> OnnxExport.builder().setRun(model.runDir()).setOutput(bare).build().run());
            assertTrue(refused.getMessage().contains("`baseWeights`"), refused.getMessage());
            assertFalse(Files.exists(bare), "nothing written for a refused run");
            ExportResult named = OnnxExport.builder().setRun(model.runDir()).optBaseWeights(base.toString())
                    .setOutput(bare).build().run();
            assertEquals(r.metadata().get("graft.weights_sha256"), named.metadata().get("graft.weights_sha256"));
        }
    }
}
