package dev.graft.export.trace;

import ai.djl.ndarray.NDArray;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

/**
 * Behind every array the network sees during a trace. Questions about the array (shape, type)
 * go to its real value; operations go through {@link Dispatch}; memory management is left to
 * the trace's manager, so the network's attach and close calls change nothing.
 */
final class ArrayHandler implements InvocationHandler {
    private static final Set<String> PASS = Set.of("getShape", "getDataType", "getDevice", "getSparseFormat",
            "size", "getName", "getUid", "isScalar", "isEmpty", "hasGradient", "toDebugString", "isReleased",
            "shapeEquals", "getResourceNDArrays");
    private static final Set<String> IGNORED = Set.of("attach", "tempAttach", "detach", "close", "returnResource",
            "setRequiresGradient", "setName");
    /** In-place ops record as their pure form; the receiver then stands for the result. */
    private static final Map<String, String> IN_PLACE = Map.of("addi", "add", "subi", "sub", "muli", "mul",
            "divi", "div", "negi", "neg");

    final TraceSession s;
    Value value;

    ArrayHandler(TraceSession s, Value value) {
        this.s = s;
        this.value = value;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        String n = m.getName();
        if (m.getDeclaringClass() == Object.class) {
            return switch (n) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "Traced[" + value + "]";
            };
        }
        if (PASS.contains(n)) {
            return Dispatch.invoke(m, value.real, s.unwrapAll(args));
        }
        if (IGNORED.contains(n)) {
            return null;
        }
        switch (n) {
            case "getManager":
                return s.managerProxy;
            case "getNDArrayInternal":
                return s.exProxy(this);
            case "duplicate", "stopGradient":
                return s.proxy(value);
            default:
                break;
        }
        String pure = IN_PLACE.getOrDefault(n, n);
        Method op = pure.equals(n) ? m : NDArray.class.getMethod(pure, m.getParameterTypes());
        Object result = Dispatch.run(s, value, value.real, op, args, Ops.find(op), "NDArray.",
                () -> InvocationHandler.invokeDefault(proxy, m, args), m.isDefault());
        if (!pure.equals(n)) {
            value = s.value(result);
            return proxy;
        }
        return result;
    }
}
