package dev.graft.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.graft.engine.Engines;
import org.junit.jupiter.api.Test;

/** The output hook and Capture, on two Linear layers whose numbers can be worked out by hand. */
class CaptureTest {

    /** y1 = W1 x + b1, y2 = W2 y1: with x = (1, 2), W1 = [[1, 0], [1, 1]], b1 = (0, 1), W2 = [[3, -2]]. */
    private static Sequential net(NDManager m) {
        Linear a = new Linear(2, 2);
        Linear b = new Linear(2, 1, false);
        Sequential s = new Sequential(a, b);
        s.materialize(m, 0);
        a.weight().setArray(m.create(new float[] {1, 0, 1, 1}, new Shape(2, 2)));
        a.bias().setArray(m.create(new float[] {0, 1}, new Shape(2)));
        b.weight().setArray(m.create(new float[] {3, -2}, new Shape(1, 2)));
        return s;
    }

    @Test
    void capturesAnInnerOutputAndTheGradientIntoIt() {
        try (NDManager m = Engines.newManager()) {
            Sequential s = net(m);
            NDArray x = m.create(new float[] {1, 2}, new Shape(1, 2));
            try (Capture cap = Capture.withGradient(s.get(0));
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = s.forward(x, Ctx.EVAL);
                // y1 = (1, 1 + 2 + 1) = (1, 4); y2 = 3 - 8 = -5
                assertArrayEquals(new float[] {-5}, y.toFloatArray());
                assertArrayEquals(new float[] {1, 4}, cap.output().toFloatArray());
                gc.backward(y.sum());
                // dy2/dy1 = W2
                assertArrayEquals(new float[] {3, -2}, cap.gradient().toFloatArray());
            }
            assertNull(s.get(0).outputHook(), "closing removes the hook");
        }
    }

    @Test
    void anOutputCaptureChangesNothing() {
        try (NDManager m = Engines.newManager()) {
            Sequential s = net(m);
            NDArray x = m.create(new float[] {1, 2}, new Shape(1, 2));
            float[] plain = s.forward(x, Ctx.EVAL).toFloatArray();
            try (Capture cap = Capture.output(s.get(1))) {
                assertFalse(cap.fired());
                assertArrayEquals(plain, s.forward(x, Ctx.EVAL).toFloatArray());
                assertTrue(cap.fired());
                assertArrayEquals(plain, cap.output().toFloatArray());
                assertThrows(IllegalStateException.class, cap::gradient);
                assertThrows(IllegalStateException.class, () -> Capture.output(s.get(1)), "one hook per module");
            }
        }
    }

    @Test
    void aModuleRunOutsideCallIsReportedNotSilentlyMissed() {
        try (NDManager m = Engines.newManager()) {
            Sequential s = net(m);
            try (Capture cap = Capture.output(s)) { // the root: nobody runs it through call
                s.forward(m.create(new float[] {1, 2}, new Shape(1, 2)), Ctx.EVAL);
                assertFalse(cap.fired());
                IllegalStateException e = assertThrows(IllegalStateException.class, cap::output);
                assertTrue(e.getMessage().contains("did not run through Module.call"), e.getMessage());
            }
        }
    }
}
