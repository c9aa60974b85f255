package dev.graft.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.data.Augment;
import dev.graft.data.DataConfig;
import dev.graft.model.HeadSpec;
import dev.graft.peft.PeftConfig;
import dev.graft.recipe.Strategy;
import dev.graft.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** request.json round-trips, and one written before PEFT's settings took their lora names still reads. */
class RequestCodecTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsAndReadsTheOldPeftNames() throws Exception {
        TrainRequest r = new TrainRequest(new DataConfig("data", null, 0, 0, 0.2, 1, 1), "resnet18_small", null,
                Strategy.LORA, TrainConfig.builder().build(), HeadSpec.DEFAULT, Augment.NONE, 3, 0.1f, tmp, false, false,
                1, null, null, false, false, new PeftConfig(4, 8f, List.of("layer4.*"), 2), 0);
        Path file = tmp.resolve("request.json");
        RequestCodec.write(r, null, file);
        assertEquals(r.peft(), RequestCodec.read(file, 0).request().peft());
        String old = Files.readString(file).replace("\"loraRank\"", "\"rank\"").replace("\"loraAlpha\"", "\"alpha\"")
                .replace("\"loraTargets\"", "\"targets\"");
        Files.writeString(file, old);
        assertEquals(new PeftConfig(4, 8f, List.of("layer4.*"), 2), RequestCodec.read(file, 0).request().peft());
    }
}
