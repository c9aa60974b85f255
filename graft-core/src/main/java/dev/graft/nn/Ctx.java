package dev.graft.nn;

/**
 * How a forward pass runs. {@code training} enables dropout and lets BatchNorm layers use batch
 * statistics; whether a given BatchNorm actually does is decided by the {@link BnPolicy} and by
 * whether that layer is frozen, so the policy survives every train/eval switch.
 *
 * @param training whether this pass is a training pass
 * @param bnPolicy what BatchNorm layers do during training passes
 */
public record Ctx(boolean training, BnPolicy bnPolicy) {
    public static final Ctx EVAL = new Ctx(false, BnPolicy.TRAIN);

    public static Ctx train(BnPolicy policy) {
        return new Ctx(true, policy);
    }
}
