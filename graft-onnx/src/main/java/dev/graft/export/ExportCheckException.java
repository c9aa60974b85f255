package dev.graft.export;

import java.util.Locale;

/**
 * ONNX Runtime and Graft disagreed on the written model beyond the tolerance. The file has been
 * deleted; the message names the output, the image and the position of the worst disagreement.
 */
public final class ExportCheckException extends ExportException {
    private final String output;
    private final double error;

    ExportCheckException(ParityCheck.Worst w, double tolerance, int images) {
        super(String.format(Locale.ROOT, "export check failed, file deleted: ONNX Runtime disagrees with Graft on "
                + "output '%s' by %.3g relative (tolerance %.0e), worst at %s, class %d (Graft %.6g, ONNX Runtime "
                + "%.6g), over %d image(s)", w.output(), w.error(), tolerance, w.description(), w.index(), w.graft(),
                w.ort(), images));
        this.output = w.output();
        this.error = w.error();
    }

    /** The output where the worst disagreement is ({@code logits} or {@code probabilities}). */
    public String output() {
        return output;
    }

    /** Its relative error, as {@link ExportResult#maxRelativeError()} defines it. */
    public double error() {
        return error;
    }
}
