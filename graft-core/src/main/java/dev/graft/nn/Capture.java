package dev.graft.nn;

import ai.djl.ndarray.NDArray;

/**
 * Reads one module's output during forward passes and, when asked, the gradient that flows back
 * into it: what Grad-CAM and other interpretation tools need from an inner layer, for any
 * architecture, without code in the architecture.
 *
 * <p>It works through the module's output hook ({@link Module#call}), so the module must be run by
 * a container (a {@link Sequential}, or an architecture's stage loop); {@link #fired} says whether
 * it was. With a gradient, the output is replaced by a detached copy that requires a gradient: the
 * backward pass stops there and leaves the gradient on that copy, and nothing below the module is
 * differentiated. Close it to remove the hook. A network with an open capture is not safe to run
 * from several threads.
 */
public final class Capture implements AutoCloseable {
    private final Module module;
    private final boolean gradient;
    private final java.util.function.UnaryOperator<NDArray> hook;
    private NDArray output;

    private Capture(Module module, boolean gradient) {
        if (module.outputHook() != null) {
            throw new IllegalStateException(module.getClass().getSimpleName() + " already has an output hook; close "
                    + "the other capture first");
        }
        this.module = module;
        this.gradient = gradient;
        this.hook = this::record;
        module.setOutputHook(hook);
        Intermediates.CAPTURES.incrementAndGet(); // the recorded output must outlive the next layer
    }

    /** Records the module's output and passes it on unchanged. */
    public static Capture output(Module module) {
        return new Capture(module, false);
    }

    /**
     * Records the module's output as a gradient leaf: run the forward and backward passes inside a
     * {@code GradientCollector}, then read {@link #gradient}.
     */
    public static Capture withGradient(Module module) {
        return new Capture(module, true);
    }

    private NDArray record(NDArray y) {
        if (gradient) {
            y = y.stopGradient();
            y.setRequiresGradient(true);
        }
        output = y;
        return y;
    }

    /** Whether the module has run since this capture was attached. */
    public boolean fired() {
        return output != null;
    }

    /** The module's output in the last forward pass. */
    public NDArray output() {
        if (output == null) {
            throw new IllegalStateException(module.getClass().getSimpleName() + " did not run through Module.call "
                    + "in the forward pass, so its output cannot be read; capture a module its container runs");
        }
        return output;
    }

    /** The gradient of the last backward pass with respect to {@link #output}. */
    public NDArray gradient() {
        if (!gradient) {
            throw new IllegalStateException("this capture records no gradient; use Capture.withGradient");
        }
        return output().getGradient();
    }

    @Override
    public void close() {
        if (module.outputHook() == hook) {
            module.setOutputHook(null);
            Intermediates.CAPTURES.decrementAndGet();
        }
        output = null;
    }
}
