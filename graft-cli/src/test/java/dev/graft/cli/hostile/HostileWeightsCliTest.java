package dev.graft.cli.hostile;

import dev.graft.testing.HostileWeights;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile weight files given to {@code graft train --weights}, through the real CLI in a child JVM. */
class HostileWeightsCliTest {
    @TempDir
    static Path root;

    @BeforeAll
    static void data() throws Exception {
        for (String c : new String[] {"a", "b"}) {
            Path dir = Files.createDirectories(root.resolve("data").resolve(c));
            for (int i = 0; i < 2; i++) {
                ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png",
                        dir.resolve(i + ".png").toFile());
            }
        }
    }

    private static ChildCli.Run train(Path weights) throws Exception {
        TreeSnapshot before = TreeSnapshot.of(root, "runs");
        ChildCli.Run r = ChildCli.in(root).heap("256m").timeout(Duration.ofSeconds(60)).run("train", "--data",
                root.resolve("data").toString(), "--model", "resnet18_small", "--weights", weights.toString(),
                "--strategy", "fine-tune", "--epochs", "1", "--out", root.resolve("runs/" + weights.getFileName()).toString());
        before.assertUnchanged("runs");
        return r;
    }

    @Test
    void selfReferencingDict() throws Exception {
        Path f = HostileWeights.selfReferencingDict(root.resolve("corpus/self.pth"));
        train(f).assertOneLineError(f.toString()).assertPeakRssBelowMb(1024);
    }
}
