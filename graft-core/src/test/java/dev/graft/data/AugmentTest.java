package dev.graft.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Presets, per-image operations in the transform, and determinism across loader threads. */
class AugmentTest {
    static final Preprocess PRE = new Preprocess(16, 16, Preprocess.IMAGENET_MEAN, Preprocess.IMAGENET_STD);

    /** A 16x16 colour image with structure in every direction, so flips and crops show. */
    static RawImage colourful(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] px = new byte[16 * 16 * 3];
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int i = (y * 16 + x) * 3;
                px[i] = (byte) (x * 15);
                px[i + 1] = (byte) (y * 12 + rng.nextInt(20));
                px[i + 2] = (byte) ((x * y) % 200 + 30);
            }
        }
        return new RawImage(16, 16, 3, px);
    }

    @Test
    void presetsAndParsing() {
        assertFalse(Augment.NONE.enabled());
        assertTrue(Augment.LIGHT.hflip() && Augment.LIGHT.minScale() == 0.6f && !Augment.LIGHT.mixes());
        assertTrue(Augment.STRONG.perImage() && Augment.STRONG.mixes() && Augment.STRONG.randAugment().enabled());
        assertEquals(Augment.NONE, Augment.parse("custom"));
        assertEquals(Augment.STRONG, Augment.parse("Strong"));
        assertEquals("hflip crop>=0.6", Augment.LIGHT.describe());
        Augment mixOnly = Augment.builder().optMixup(0.2f).build();
        assertTrue(mixOnly.enabled() && !mixOnly.perImage());
        assertThrows(IllegalArgumentException.class, () -> Augment.parse("heavy"));
        assertThrows(IllegalArgumentException.class, () -> Augment.builder().optMinScale(0).build());
        assertEquals(new ColorJitter(0.4f, 0.3f, 0.2f, 0.1f), ColorJitter.parse("0.4,0.3,0.2,0.1"));
        assertThrows(IllegalArgumentException.class, () -> ColorJitter.parse("0.4,0.3"));
        assertThrows(IllegalArgumentException.class, () -> ColorJitter.parse("0.1,0.1,0.1,0.7"));
        assertEquals(new RandAugment(2, 9), RandAugment.parse("2,9"));
        assertThrows(IllegalArgumentException.class, () -> RandAugment.parse("2,31"));
    }

    @Test
    void verticalFlipsHalfTheImagesUpsideDown() {
        RawImage img = colourful(1);
        float[] plain = Transforms.eval(img, PRE);
        float[] upsideDown = flipRows(plain);
        Augment v = Augment.builder().optVflip(true).build();
        int flipped = 0;
        for (int seed = 0; seed < 40; seed++) {
            float[] t = Transforms.train(img, PRE, v, new SplittableRandom(seed));
            boolean same = Arrays.equals(t, plain);
            boolean turned = Arrays.equals(t, upsideDown);
            assertTrue(same ^ turned, "seed " + seed);
            flipped += turned ? 1 : 0;
        }
        assertTrue(flipped > 8 && flipped < 32, flipped + " of 40 flipped");
    }

    @Test
    void colourJitterChangesColoursButNotGeometry() {
        RawImage img = colourful(2);
        Augment j = Augment.builder().optJitter(new ColorJitter(0.5f, 0.5f, 0.5f, 0.2f)).build();
        float[] plain = Transforms.eval(img, PRE);
        float[] a = Transforms.train(img, PRE, j, new SplittableRandom(5));
        float[] b = Transforms.train(img, PRE, j, new SplittableRandom(5));
        assertArrayEquals(a, b, 0f, "same stream, same image");
        assertFalse(Arrays.equals(a, plain));
        // a grey image stays grey under brightness and contrast and is untouched by saturation and hue
        RawImage grey = new RawImage(16, 16, 1, Arrays.copyOf(img.pixels(), 256));
        float[] g = Transforms.train(grey, PRE, Augment.builder().optJitter(new ColorJitter(0, 0, 0.9f, 0.5f)).build(),
                new SplittableRandom(3));
        // torchvision's grey weights sum to 0.9999, so saturation moves grey values by at most 1e-4 of 1
        assertArrayEquals(Transforms.eval(grey, PRE), g, 1e-3f);
    }

    @Test
    void randomErasingReplacesOneRectangleOnly() {
        RawImage img = colourful(3);
        Augment base = Augment.builder().optHflip(true).build();
        Augment erase = base.toBuilder().optErasing(1f).build();
        for (int seed = 0; seed < 10; seed++) {
            float[] a = Transforms.train(img, PRE, base, new SplittableRandom(seed));
            float[] b = Transforms.train(img, PRE, erase, new SplittableRandom(seed));
            int minX = 99;
            int maxX = -1;
            int minY = 99;
            int maxY = -1;
            int changed = 0;
            for (int i = 0; i < 256; i++) {
                if (a[i] != b[i]) {
                    changed++;
                    minX = Math.min(minX, i % 16);
                    maxX = Math.max(maxX, i % 16);
                    minY = Math.min(minY, i / 16);
                    maxY = Math.max(maxY, i / 16);
                }
            }
            assertTrue(changed > 0, "seed " + seed + ": nothing erased");
            int box = (maxX - minX + 1) * (maxY - minY + 1);
            assertEquals(box, changed, "the erased pixels form one filled rectangle");
            assertTrue(box >= 0.02 * 256 - 3 && box <= 0.33 * 256 + 16, "area " + box);
        }
    }

    @Test
    void strongAugmentationIsTheSameWhateverTheThreadCount() {
        InMemoryImages src = colourSet(24);
        int[] order = new int[24];
        for (int i = 0; i < 24; i++) {
            order[i] = 23 - i;
        }
        List<float[]> one = new ArrayList<>();
        List<float[]> three = new ArrayList<>();
        try (BatchLoader a = new BatchLoader(src, PRE, Augment.STRONG, 5, 1);
                BatchLoader b = new BatchLoader(src, PRE, Augment.STRONG, 5, 3)) {
            a.iterate(order, 9, 2, false).forEachRemaining(x -> one.add(x.x()));
            b.iterate(order, 9, 2, false).forEachRemaining(x -> three.add(x.x()));
            assertEquals(one.size(), three.size());
            for (int k = 0; k < one.size(); k++) {
                assertArrayEquals(one.get(k), three.get(k), 0f);
            }
            List<float[]> otherEpoch = new ArrayList<>();
            a.iterate(order, 9, 3, false).forEachRemaining(x -> otherEpoch.add(x.x()));
            assertFalse(Arrays.equals(one.get(0), otherEpoch.get(0)), "a new epoch draws new augmentations");
        }
    }

    @Test
    void anImageDrawnTwiceInAnEpochIsAugmentedTwoWays() {
        InMemoryImages src = colourSet(3);
        try (BatchLoader a = new BatchLoader(src, PRE, Augment.LIGHT, 4, 2)) {
            BatchLoader.Batch b = a.iterate(new int[] {1, 1, 2, 1}, 5, 1, false).next();
            int per = 3 * 16 * 16;
            float[] first = Arrays.copyOfRange(b.x(), 0, per);
            assertFalse(Arrays.equals(first, Arrays.copyOfRange(b.x(), per, 2 * per)));
            assertFalse(Arrays.equals(first, Arrays.copyOfRange(b.x(), 3 * per, 4 * per)));
        }
    }

    @Test
    void validationBatchesAreNeverAugmented() {
        InMemoryImages src = colourSet(6);
        try (dev.graft.train.ImageBatches b = new dev.graft.train.ImageBatches(src, src, PRE, Augment.STRONG, 4, 2,
                1)) {
            Iterator<dev.graft.train.TensorBatch> it = b.val();
            int i = 0;
            while (it.hasNext()) {
                dev.graft.train.TensorBatch t = it.next();
                assertFalse(t.soft(), "validation batches carry hard labels");
                int per = 3 * 16 * 16;
                for (int k = 0; k < t.size(); k++, i++) {
                    assertArrayEquals(Transforms.eval(src.image(i), PRE), Arrays.copyOfRange(t.x(), k * per,
                            (k + 1) * per), 0f);
                }
            }
            assertEquals(6, i);
            assertTrue(b.train(1).next().soft(), "training batches are mixed under STRONG");
        }
    }

    static InMemoryImages colourSet(int n) {
        byte[] all = new byte[n * 16 * 16 * 3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(colourful(i).pixels(), 0, all, i * 768, 768);
            labels[i] = i % 3;
        }
        return new InMemoryImages("colour", 16, 16, 3, all, labels, List.of("a", "b", "c"));
    }

    private static float[] flipRows(float[] x) {
        float[] out = new float[x.length];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 16; y++) {
                System.arraycopy(x, (c * 16 + y) * 16, out, (c * 16 + 15 - y) * 16, 16);
            }
        }
        return out;
    }
}
