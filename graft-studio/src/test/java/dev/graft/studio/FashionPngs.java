package dev.graft.studio;

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

/** Real Fashion-MNIST images, from Debian's dataset-fashion-mnist, written as 28×28 grey PNGs. */
final class FashionPngs {
    private FashionPngs() {}

    /**
     * Writes the first {@code n} training images of a class, skipping the first {@code skip}.
     *
     * @return the files, in order
     */
    static List<Path> write(int fmnistClass, int skip, int n, Path dir, String stem) throws IOException {
        InMemoryImages all = FashionMnist.load(FashionMnist.defaultDir(), "train")
                .selectClasses(new int[] {fmnistClass});
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (int i = skip; i < skip + n; i++) {
            RawImage r = all.image(i);
            BufferedImage img = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setDataElements(0, 0, r.width(), r.height(), r.pixels());
            Path f = dir.resolve(stem + "_" + i + ".png");
            ImageIO.write(img, "png", f.toFile());
            out.add(f);
        }
        return out;
    }
}
