package dev.graft.export.trace;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * Behind {@code getNDArrayInternal()} of a traced array: DJL's layer functions (convolution,
 * batch norm, pooling, activations, concatenation) arrive here.
 */
final class ExHandler implements InvocationHandler {
    private final TraceSession s;
    private final ArrayHandler owner;

    ExHandler(TraceSession s, ArrayHandler owner) {
        this.s = s;
        this.owner = owner;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        if (m.getDeclaringClass() == Object.class) {
            return m.getName().equals("hashCode") ? System.identityHashCode(proxy)
                    : m.getName().equals("equals") ? proxy == args[0] : "TracedEx[" + owner.value + "]";
        }
        if (m.getName().equals("getArray")) {
            return s.proxy(owner.value);
        }
        Value self = owner.value;
        return Dispatch.run(s, self, self.real.getNDArrayInternal(), m, args, NnOps.find(m), "NDArrayEx.",
                () -> InvocationHandler.invokeDefault(proxy, m, args), m.isDefault());
    }
}
