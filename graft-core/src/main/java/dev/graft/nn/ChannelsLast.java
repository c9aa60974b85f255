package dev.graft.nn;

import ai.djl.ndarray.NDArray;

/**
 * Convolutions run on channels-last activations: the values of an [N, C, H, W] tensor stored in
 * N, H, W, C order. oneDNN's convolutions read and write that layout directly, while the default
 * N, C, H, W order makes them reorder their input and output at every layer; measured here, the
 * switch made ResNet-50 inference about twice as fast and ResNet-18 training at 224 px about a fifth
 * faster, and cost nothing measurable elsewhere (see docs/PERFORMANCE.md).
 *
 * <p>Only the storage order changes: shapes, names, values and every state dict stay as they are.
 * Element-wise operations, BatchNorm, pooling and concatenation keep the layout they are given, so
 * once the network's input is converted, activations stay channels-last to the end. DJL has no
 * memory-format call, so the layout is made from views: the NHWC permutation of the tensor, made
 * contiguous by a reshape that cannot be a view, then permuted back; on a tensor already
 * channels-last every step is a view and nothing is copied.
 */
public final class ChannelsLast {
    private ChannelsLast() {}

    /**
     * Whether convolutions use channels-last: true unless the system property
     * {@code graft.channelsLast} is {@code false} (benchmarks use it to measure the difference).
     */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("graft.channelsLast"));
    }

    /** {@code x} stored channels-last when it is a 4-D tensor with more than one pixel; otherwise {@code x}. */
    public static NDArray of(NDArray x) {
        long[] s = x.getShape().getShape();
        if (s.length != 4 || s[2] * s[3] <= 1 || s[1] == 1) {
            return x; // one pixel or one channel: both layouts are the same memory
        }
        NDArray nhwc = x.transpose(0, 2, 3, 1);
        NDArray rows = nhwc.reshape(s[0], s[2], s[3] * s[1]);
        NDArray dense = rows.reshape(s[0], s[2], s[3], s[1]);
        NDArray out = dense.transpose(0, 3, 1, 2);
        // only the handles go: the storage lives on in out
        nhwc.close();
        rows.close();
        dense.close();
        return out;
    }
}
