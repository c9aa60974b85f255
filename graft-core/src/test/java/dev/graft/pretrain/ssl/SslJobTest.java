package dev.graft.pretrain.ssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.data.DataConfig;
import dev.graft.run.RunException;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SimCLR end to end on a few synthetic images: a usable run folder, and resume mid-epoch. */
class SslJobTest {
    @TempDir
    Path tmp;

    private SslRequest request(Path out) {
        SslConfig c = SslConfig.builder().optEpochs(2).optBatchSize(8).optLr(1e-3f).optWarmupEpochs(0.5f)
                .optMonitorPerClass(3).optSeed(7).build();
        return new SslRequest("simclr", new DataConfig("synthetic:shapes:3:0", null, 8, 3, 0.2, 7, 1), "resnet18_small",
                null, c, out.toString(), false, 1, 1);
    }

    @Test
    void interruptedMidEpochThenResumedEqualsUninterrupted() throws Exception {
        Path whole = tmp.resolve("whole");
        SslJob.Summary a = SslJob.run(request(whole), new SimClr.Listener() {});
        assertEquals(2, a.epochs().size());
        assertTrue(Files.isRegularFile(whole.resolve("model.safetensors")));
        assertFalse(Files.exists(whole.resolve("checkpoint.safetensors")), "a finished run keeps no checkpoint");
        assertEquals(2, Files.readAllLines(whole.resolve("metrics.jsonl")).size());
        double knn = a.info().result().get("knnAccuracy");
        assertTrue(knn >= 0 && knn <= 1, "kNN monitor " + knn);
        assertEquals("ssl:simclr", a.info().strategy());

        Path split = tmp.resolve("split");
        int[] steps = {0};
        SimClr.Listener stopAfterFour = new SimClr.Listener() {
            @Override
            public void onStep(long step, long total, double loss) {
                steps[0]++;
            }

            @Override
            public boolean stopRequested() {
                return steps[0] >= 4; // epoch 2, one batch in (3 batches per epoch)
            }
        };
        assertThrows(RunException.class, () -> SslJob.run(request(split), stopAfterFour));
        assertTrue(Files.isRegularFile(split.resolve("checkpoint.safetensors")));
        SslJob.resume(split, new SimClr.Listener() {});

        StateDict x = Safetensors.read(whole.resolve("model.safetensors"));
        StateDict y = Safetensors.read(split.resolve("model.safetensors"));
        assertEquals(x.names(), y.names());
        for (String n : x.names()) {
            assertArrayEquals(x.get(n).data(), y.get(n).data(), n + " differs after resume");
        }
        assertEquals(Files.readAllLines(whole.resolve("metrics.jsonl")).get(1).replaceAll("\"seconds\":[^,]*,", "")
                .replaceAll("\"imagesPerSecond\":[^}]*", ""),
                Files.readAllLines(split.resolve("metrics.jsonl")).get(1).replaceAll("\"seconds\":[^,]*,", "")
                        .replaceAll("\"imagesPerSecond\":[^}]*", ""));
    }

    @Test
    void trainsOnAFolderWithoutClassSubfolders() throws Exception {
        Path flat = tmp.resolve("photos");
        Files.createDirectories(flat);
        var gen = dev.graft.pretrain.synthetic.SyntheticSpec.parse("synthetic:noise:4:0").generator();
        for (int i = 0; i < 9; i++) {
            var bi = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            bi.getRaster().setDataElements(0, 0, 28, 28, gen.render(i % 4, i).pixels());
            javax.imageio.ImageIO.write(bi, "png", flat.resolve(i + ".png").toFile());
        }
        Files.writeString(flat.resolve("notes.txt"), "not an image");
        SslConfig c = SslConfig.builder().optEpochs(1).optBatchSize(4).optSeed(1).build();
        SslJob.Summary s = SslJob.run(new SslRequest("simclr", new DataConfig(flat.toString(), null, 0, 0, 0.2, 1, 1),
                "resnet18_small", null, c, tmp.resolve("run").toString(), false, 1, 0), new SimClr.Listener() {});
        assertEquals(9, s.info().data().trainImages());
        assertEquals(2, s.epochs().size() + 1, "one epoch");
        assertTrue(Double.isNaN(s.info().result().get("knnAccuracy")), "no labels, no monitor");
        assertTrue(Files.isRegularFile(tmp.resolve("run/model.safetensors")));
    }
}
