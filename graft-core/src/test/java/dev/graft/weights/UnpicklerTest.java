package dev.graft.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.weights.Unpickler.PyTuple;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pickles produced by CPython's pickle.dumps (hex copied from pickletools), read back as data. */
class UnpicklerTest {
    private static final Path FILE = Path.of("test.pkl");

    private static Object load(String hex) throws IOException {
        byte[] b = HexFormat.of().parseHex(hex);
        return new Unpickler(new ByteArrayInputStream(b), FILE, new TorchGlobals(FILE), pid -> pid,
                WeightLimits.builtIn(), Long.MAX_VALUE).load();
    }

    @Test
    void protocol4WithFramesMemoizeSetsAndBytes() throws IOException {
        // {'a': [1, -300, 2**70, -2**63, 1.5, None, True, (1, None), 'é'], 'b': {7, 8}, 'c': b'xy'}
        Map<?, ?> m = (Map<?, ?>) load("80049553000000000000007d94288c0161945d94284b014ad4feffff8a0900000000000000004"
                + "08a080000000000000080473ff80000000000004e884b014e86948c02c3a994658c0162948f94284b084b07908c016394"
                + "4302787994752e");
        assertEquals(List.of("a", "b", "c"), List.copyOf(m.keySet()));
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-300L, a.get(1));
        assertEquals(BigInteger.TWO.pow(70), a.get(2));
        assertEquals(Long.MIN_VALUE, a.get(3));
        assertEquals(1.5, a.get(4));
        assertEquals(null, a.get(5));
        assertEquals(Boolean.TRUE, a.get(6));
        assertEquals(new PyTuple(Arrays.asList(1L, null)), a.get(7));
        assertEquals("é", a.get(8));
        assertEquals(Set.of(7L, 8L), m.get("b"));
        assertArrayEquals(new byte[] {'x', 'y'}, (byte[]) m.get("c"));
    }

    @Test
    void protocol2WithBinputAndAllowedGlobalReduce() throws IOException {
        // {'s': {7}, 'big': 70000, 'neg': -1, 't3': (1, 2, 3)}; the set pickles as __builtin__.set([7])
        Map<?, ?> m = (Map<?, ?>) load("80027d7100285801000000737101635f5f6275696c74696e5f5f0a7365740a71025d71034b07"
                + "61857104527105580300000062696771064a7011010058030000006e656771074affffffff58020000007433710"
                + "84b014b024b03877109752e");
        assertEquals(Set.of(7L), m.get("s"));
        assertEquals(70000L, m.get("big"));
        assertEquals(-1L, m.get("neg"));
        assertEquals(new PyTuple(List.of(1L, 2L, 3L)), m.get("t3"));
    }

    @Test
    void persistentIdsGoToTheLoader() throws IOException {
        // (SHORT_BINUNICODE 'k', TUPLE1) BINPERSID STOP, loader echoes the id back
        Object o = load("80028c016b85512e");
        assertEquals(new PyTuple(List.of("k")), o);
    }

    @Test
    void missingStopIsTruncation() {
        IOException e = assertThrows(EOFException.class, () -> load("80027d"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void unknownMemoKeyIsCorruption() {
        WeightsException e = assertThrows(WeightsException.class, () -> load("8002680f2e"));
        assertTrue(e.getMessage().contains("memo key 15"), e.getMessage());
    }

    @Test
    void hugeLengthFieldIsRejectedWithoutAllocating() {
        WeightsException e = assertThrows(WeightsException.class, () -> load("80028dffffffffffffff7f2e"));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }
}
