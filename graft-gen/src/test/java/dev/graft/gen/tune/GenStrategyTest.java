package dev.graft.gen.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GenStrategyTest {
    @Test
    void parsesEveryStrategyAndRoundTrips() {
        for (String s : new String[] {"scratch", "full", "freeze-lower:2", "lora:8", "freezed:1"}) {
            assertEquals(s, GenStrategy.parse(s).toString());
        }
        assertEquals(new GenStrategy(GenStrategy.Kind.LORA, GenStrategy.DEFAULT_RANK), GenStrategy.parse("lora"));
        assertEquals(GenStrategy.Kind.FULL, GenStrategy.parse("Fine-Tune").kind());
    }

    @Test
    void badStrategiesSayWhatToUse() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GenStrategy.parse("dreambooth"))
                .getMessage().contains("freeze-lower:K"));
        assertThrows(IllegalArgumentException.class, () -> GenStrategy.parse("lora:x"));
        assertThrows(IllegalArgumentException.class, () -> GenStrategy.parse("lora:0"));
        assertThrows(IllegalArgumentException.class, () -> GenStrategy.parse("full:2"));
    }
}
