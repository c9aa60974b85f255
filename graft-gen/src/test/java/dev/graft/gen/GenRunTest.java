package dev.graft.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.run.RunException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generator run folder is a core run folder whose graft.json says {@code task: generate}. */
class GenRunTest {
    @TempDir
    Path tmp;

    @Test
    void aClassifierRunOrANewerFormatIsRefusedWithTheFix() throws Exception {
        Files.writeString(tmp.resolve("graft.json"), "{\"format\": 1, \"arch\": \"resnet18_small\"}");
        Files.write(tmp.resolve("model.safetensors"), new byte[0]);
        RunException e = assertThrows(RunException.class, () -> GenRun.open(tmp).readInfo());
        assertTrue(e.getMessage().contains("a classifier run, not a generator run"), e.getMessage());
        Files.writeString(tmp.resolve("graft.json"), "{\"format\": 99, \"task\": \"generate\"}");
        e = assertThrows(RunException.class, () -> GenRun.open(tmp).readInfo());
        assertTrue(e.getMessage().contains("upgrade Graft"), e.getMessage());
        Files.writeString(tmp.resolve("graft.json"), "{\"format\": 1, \"task\": \"generate\", \"kind\": \"GAN\"}");
        e = assertThrows(RunException.class, () -> GenRun.open(tmp).readInfo());
        assertTrue(e.getMessage().contains("no shape recorded for its gan generator"), e.getMessage());
    }

    @Test
    void createRefusesAFinishedRunWithoutForce() throws Exception {
        Path dir = tmp.resolve("run");
        GenRun.create(dir, false, java.util.Map.of()).commit().writeInfo(new GenInfo(1, GenInfo.TASK, null, null,
                GenKind.DDPM, null, null, 0, null, null, "pretrain", null, 0, null, null, null));
        Files.write(dir.resolve("model.safetensors"), new byte[0]);
        assertThrows(RunException.class, () -> GenRun.create(dir, false, java.util.Map.of()));
        assertTrue(Files.readString(dir.resolve("graft.json")).contains("\"task\": \"generate\""),
                "written through RunDir as a generator run");
    }
}
