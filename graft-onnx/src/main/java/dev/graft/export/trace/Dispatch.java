package dev.graft.export.trace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The rule every intercepted call follows. An op on constants alone runs on libtorch and its result
 * stays a constant (that is how a LoRA update is merged into its weight). An op on a traced value
 * runs on libtorch too, for the real result, and its translator writes the ONNX nodes. A default
 * interface method without a translator is left to decompose into the calls it makes.
 */
final class Dispatch {
    private Dispatch() {}

    /** Runs a default interface method's own body, which then calls the methods it is built from. */
    @FunctionalInterface
    interface Decompose {
        Object call() throws Throwable;
    }

    static Object run(TraceSession s, Value self, Object receiver, Method op, Object[] args, Translator t,
            String what, Decompose decompose, boolean isDefault) throws Throwable {
        boolean dynamic = s.anyDynamic(self, args);
        if (dynamic && t == null) {
            if (isDefault) {
                return decompose.call();
            }
            throw s.unsupported(what + signature(op));
        }
        Object real = invoke(op, receiver, s.unwrapAll(args));
        if (!dynamic && !batchShaped(s, self, real)) {
            return constant(s, real, hintSource(s, self, args, real), op.getName());
        }
        if (t == null && isDefault) {
            return decompose.call(); // such as broadcast(long...), which calls broadcast(Shape)
        }
        if (t == null) {
            throw new TraceException("ONNX export cannot record " + what + signature(op) + ": it turns a constant "
                    + "into an array of the batch size, which the exporter keeps dynamic");
        }
        NDArray out = real instanceof NDList list ? single(list, what) : (NDArray) real;
        NDArray proxy = s.proxy(t.emit(s, self, args, out));
        return real instanceof NDList ? new NDList(proxy) : proxy;
    }

    /** A constant whose first dimension became the trace's batch size: a constant broadcast to the batch. */
    private static boolean batchShaped(TraceSession s, Value self, Object real) {
        if (!(real instanceof NDArray a) || a.getShape().dimension() == 0 || a.getShape().get(0) != s.batch) {
            return false;
        }
        return self == null || self.rank() == 0 || self.shape()[0] != s.batch;
    }

    private static Object constant(TraceSession s, Object real, Value from, String op) {
        if (real instanceof NDArray a) {
            return s.proxy(s.folded(a, from, op));
        }
        if (real instanceof NDList list) {
            NDList out = new NDList(list.size());
            for (NDArray a : list) {
                out.add(s.proxy(s.folded(a, from, op)));
            }
            return out;
        }
        return real;
    }

    /** The operand a folded constant is named after: a parameter of the same shape, else the receiver. */
    private static Value hintSource(TraceSession s, Value self, Object[] args, Object real) {
        if (real instanceof NDArray out && args != null) {
            for (Object a : args) {
                if (a instanceof NDArray arr) {
                    Value v = s.value(arr);
                    if (v.parameter && v.real.getShape().equals(out.getShape())) {
                        return v;
                    }
                }
            }
        }
        return self;
    }

    private static NDArray single(NDList list, String what) {
        if (list.size() != 1) {
            throw new TraceException("ONNX export expected one output from " + what + ", got " + list.size());
        }
        return list.singletonOrThrow();
    }

    static Object invoke(Method m, Object receiver, Object[] args) throws Throwable {
        try {
            return m.invoke(receiver, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static String signature(Method m) {
        return m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ")) + ")";
    }

    static String key(Method m) {
        return m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(",")) + ")";
    }
}
