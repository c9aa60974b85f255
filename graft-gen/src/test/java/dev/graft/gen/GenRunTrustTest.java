package dev.graft.gen;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.run.RunException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generator run folder is untrusted too: its weights must have the recorded sha256, its shapes stay within bounds. */
class GenRunTrustTest {
    @TempDir
    Path tmp;

    /** The bundled GAN run, copied out as a plain folder. */
    private Path gan() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("gan"));
        for (String f : List.of("graft.json", "model.safetensors", "discriminator.safetensors")) {
            try (InputStream in = GenRunTrustTest.class.getResourceAsStream("/dev/graft/gen/pretrained/gan-fmnist-src/"
                    + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        return dir;
    }

    @Test
    void aChangedWeightsFileIsRefused() throws IOException {
        Path dir = gan();
        GenModel.open(GenRun.open(dir)).close();
        byte[] b = Files.readAllBytes(dir.resolve("discriminator.safetensors"));
        b[b.length - 1] ^= 1;
        Files.write(dir.resolve("discriminator.safetensors"), b);
        var e = assertThrows(RunException.class, () -> GenModel.open(GenRun.open(dir)));
        assertTrue(e.getMessage().contains("discriminator.safetensors: sha256") && e.getMessage()
                .contains("differs from the"), e.getMessage());
    }

    @Test
    void shapesBeyondTheLimitsAreRefusedBeforeAnythingIsAllocated() throws IOException {
        Path dir = gan();
        Path info = dir.resolve("graft.json");
        JsonObject o = JsonParser.parseString(Files.readString(info)).getAsJsonObject();
        o.getAsJsonObject("gan").addProperty("width", 1_000_000);
        Files.writeString(info, o.toString());
        var e = assertThrows(RunException.class, () -> GenRun.open(dir).readInfo());
        assertTrue(e.getMessage().contains("`width` must be in [2, 4096], got 1000000"), e.getMessage());
    }

    @Test
    void generatorConfigsRefuseOutOfRangeValuesWithTheRange() {
        var channels = assertThrows(IllegalArgumentException.class,
                () -> new dev.graft.gen.ddpm.UNetConfig(1_000_000, new int[] {1}, 1, 1, 28));
        assertTrue(channels.getMessage().contains("`channels` must be in [1, 1024], got 1000000"), channels.getMessage());
        var lr = assertThrows(IllegalArgumentException.class, () -> GenTrainConfig.builder().lr(Float.NaN).build());
        assertTrue(lr.getMessage().contains("`lr` must be finite and > 0, got NaN"), lr.getMessage());
    }
}
