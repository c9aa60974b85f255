package dev.graft.export.trace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The manager traced arrays report. Arrays a network creates through it during the forward pass
 * (averaging matrices, masks of ones) are constants; it never closes the trace's real manager.
 */
final class ManagerHandler implements InvocationHandler {
    private final TraceSession s;

    ManagerHandler(TraceSession s) {
        this.s = s;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        String n = m.getName();
        if (m.getDeclaringClass() == Object.class) {
            return n.equals("hashCode") ? System.identityHashCode(proxy)
                    : n.equals("equals") ? proxy == args[0] : "TracedManager";
        }
        if (n.equals("close")) {
            return null;
        }
        if (n.equals("from") && args.length == 1 && args[0] instanceof NDArray a) {
            return a;
        }
        Object r = Dispatch.invoke(m, s.manager, s.unwrapAll(args));
        if (r instanceof NDArray a) {
            return s.proxy(s.folded(a, null, n));
        }
        if (r instanceof NDList list) {
            NDList out = new NDList(list.size());
            list.forEach(a -> out.add(s.proxy(s.folded(a, null, n))));
            return out;
        }
        return r == s.manager ? proxy : r;
    }
}
