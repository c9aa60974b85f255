package dev.graft.export;

import dev.graft.data.RawImage;

/**
 * One image the export check runs through both Graft and ONNX Runtime.
 *
 * @param image the decoded pixels
 * @param description where it comes from, for the failure message
 */
public record CheckImage(RawImage image, String description) {

    /** The pixels as [H, W, 3] RGB bytes; a grey image repeats its one channel, as Graft reads it. */
    public byte[] rgb() {
        if (image.channels() == 3) {
            return image.pixels();
        }
        byte[] grey = image.pixels();
        byte[] out = new byte[grey.length * 3];
        for (int i = 0; i < grey.length; i++) {
            out[3 * i] = grey[i];
            out[3 * i + 1] = grey[i];
            out[3 * i + 2] = grey[i];
        }
        return out;
    }
}
