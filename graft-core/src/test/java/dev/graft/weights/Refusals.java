package dev.graft.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

/** The contract for a refused weights file: one line, starting with the file, holding every fragment. */
final class Refusals {
    private Refusals() {}

    static String assertRefused(Path file, String... fragments) {
        WeightsException e = assertThrows(WeightsException.class, () -> Weights.load(file));
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString()), m);
        assertEquals(1, m.lines().count(), m);
        for (String f : fragments) {
            assertTrue(m.contains(f), "missing '" + f + "' in: " + m);
        }
        return m;
    }
}
