package dev.graft.spark;

import dev.graft.data.FashionMnist;
import dev.graft.data.InMemoryImages;
import dev.graft.data.RawImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Real Fashion-MNIST images written as image files in the one-folder-per-class layout. */
final class TestImages {
    private static InMemoryImages test;

    private TestImages() {}

    static synchronized InMemoryImages fashionMnistTest() {
        if (test == null) {
            test = FashionMnist.load(FashionMnist.defaultDir(), "t10k");
        }
        return test;
    }

    /**
     * Writes the first {@code perClass} images of each class (skipping the first {@code skip}) as
     * files under {@code dir/<class name>/}. Every third image is written as a tinted colour PNG
     * (red = level, green = level / 2, blue = 255 - level), so a channel-order mistake changes the
     * result; every fifth as a colour JPEG; the rest as grey PNGs.
     *
     * @return the files written, in order
     */
    static List<Path> write(Path dir, int[] classes, int perClass, int skip) throws IOException {
        InMemoryImages src = fashionMnistTest();
        List<Path> out = new ArrayList<>();
        for (int c : classes) {
            String name = folderName(src.labels().get(c));
            Path classDir = Files.createDirectories(dir.resolve(name));
            int seen = 0;
            int written = 0;
            for (int i = 0; i < src.size() && written < perClass; i++) {
                if (src.label(i) != c || seen++ < skip) {
                    continue;
                }
                RawImage img = src.image(i);
                int k = written++;
                String format = k % 5 == 4 ? "jpg" : "png";
                BufferedImage bi = k % 3 == 2 || format.equals("jpg") ? tinted(img) : grey(img);
                Path f = classDir.resolve(String.format("%s_%05d.%s", name, i, format));
                if (!ImageIO.write(bi, format, f.toFile())) {
                    throw new IOException("no ImageIO writer for " + format);
                }
                out.add(f);
            }
        }
        return out;
    }

    static String folderName(String label) {
        return label.replace('/', '-').replace(' ', '_');
    }

    private static BufferedImage grey(RawImage img) {
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                bi.getRaster().setSample(x, y, 0, img.at(y, x, 0));
            }
        }
        return bi;
    }

    private static BufferedImage tinted(RawImage img) {
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int v = img.at(y, x, 0);
                bi.setRGB(x, y, (v << 16) | ((v / 2) << 8) | (255 - v));
            }
        }
        return bi;
    }
}
