package dev.graft.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.data.Data;
import dev.graft.data.DataConfig;
import dev.graft.data.RawImage;
import dev.graft.pretrain.synthetic.Generator;
import dev.graft.pretrain.synthetic.SyntheticData;
import dev.graft.pretrain.synthetic.SyntheticImages;
import dev.graft.pretrain.synthetic.SyntheticSpec;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The formula-driven generators: deterministic by seed, distinct categories, disjoint splits. */
class SyntheticGeneratorsTest {

    private static Generator gen(String kind, int categories, long seed) {
        return SyntheticSpec.parse("synthetic:" + kind + ":" + categories + ":" + seed).generator();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fractals", "shapes", "noise"})
    void sameSeedSamePixelsAcrossInstancesAndThreads(String kind) throws Exception {
        Generator a = gen(kind, 6, 3);
        Generator b = gen(kind, 6, 3);
        RawImage first = a.render(4, 17);
        // another generator object, rendering on another thread after other images: the same bytes
        RawImage[] other = new RawImage[1];
        Thread t = new Thread(() -> {
            b.render(2, 5);
            other[0] = b.render(4, 17);
        });
        t.start();
        t.join();
        assertArrayEquals(first.pixels(), other[0].pixels());
        assertEquals(28, first.width());
        assertEquals(1, first.channels());
        assertFalse(java.util.Arrays.equals(first.pixels(), a.render(4, 18).pixels()),
                "two instances of a category must differ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fractals", "shapes", "noise"})
    void categoriesAreDistinctAndSeedsGiveOtherCategories(String kind) {
        Generator g = gen(kind, 8, 0);
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < 8; c++) {
            assertTrue(seen.add(java.util.Arrays.toString(g.render(c, 0).pixels())), kind + " category " + c
                    + " repeats another");
            RawImage img = g.render(c, 0);
            int lo = 255;
            int hi = 0;
            for (byte p : img.pixels()) {
                lo = Math.min(lo, p & 0xff);
                hi = Math.max(hi, p & 0xff);
            }
            assertTrue(hi - lo > 40, kind + " category " + c + " is almost blank: " + lo + ".." + hi);
        }
        Generator other = gen(kind, 8, 1);
        assertFalse(java.util.Arrays.equals(g.render(0, 0).pixels(), other.render(0, 0).pixels()),
                "another seed must give other categories");
    }

    /**
     * Categories must be recognisable: a nearest-class-mean classifier on a rotation-free
     * summary of the pixels (the sorted-intensity profile) beats chance by a wide margin, which
     * pure noise labels could not.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fractals", "shapes", "noise"})
    void categoriesAreLearnableFromPixels(String kind) {
        int cats = 5;
        int per = 12;
        Generator g = gen(kind, cats, 0);
        double[][] mean = new double[cats][];
        for (int c = 0; c < cats; c++) {
            mean[c] = new double[32];
            for (int i = 0; i < per; i++) {
                double[] f = profile(g.render(c, i));
                for (int j = 0; j < f.length; j++) {
                    mean[c][j] += f[j] / per;
                }
            }
        }
        int correct = 0;
        int total = 0;
        for (int c = 0; c < cats; c++) {
            for (int i = 100; i < 100 + per; i++) {
                double[] f = profile(g.render(c, i));
                int best = 0;
                double bestD = Double.MAX_VALUE;
                for (int k = 0; k < cats; k++) {
                    double d = 0;
                    for (int j = 0; j < f.length; j++) {
                        d += (f[j] - mean[k][j]) * (f[j] - mean[k][j]);
                    }
                    if (d < bestD) {
                        bestD = d;
                        best = k;
                    }
                }
                correct += best == c ? 1 : 0;
                total++;
            }
        }
        assertTrue(correct > total * 0.4, kind + ": held-out instances classified " + correct + "/" + total
                + " by class means; chance is 1/" + cats);
    }

    /**
     * Two rotation- and position-free summaries, 16 bins each: the sorted pixel intensities (what
     * is drawn, how bright) and the sorted gradient magnitudes over the intensity spread (how
     * smooth or edged it is, which is what tells noise spectra apart).
     */
    private static double[] profile(RawImage img) {
        int s = img.width();
        double[] v = new double[s * s];
        double mean = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (img.pixels()[i] & 0xff) / 255.0;
            mean += v[i] / v.length;
        }
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean) / v.length;
        }
        double sd = Math.sqrt(var) + 1e-6;
        double[] g = new double[(s - 1) * (s - 1)];
        for (int y = 0; y < s - 1; y++) {
            for (int x = 0; x < s - 1; x++) {
                g[y * (s - 1) + x] = Math.hypot(v[y * s + x + 1] - v[y * s + x], v[(y + 1) * s + x] - v[y * s + x]) / sd;
            }
        }
        double[] out = new double[32];
        binSorted(v, out, 0);
        binSorted(g, out, 16);
        return out;
    }

    private static void binSorted(double[] v, double[] out, int at) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        for (int i = 0; i < c.length; i++) {
            out[at + i * 16 / c.length] += c[i] / (c.length / 16.0);
        }
    }

    @Test
    void dataSplitsNeverShareAnInstance() {
        Data d = SyntheticData.open(new DataConfig("synthetic:shapes:4:0", null, 6, 3, 0.2, 42, 1));
        assertEquals(24, d.train().size());
        assertEquals(12, d.val().size());
        assertEquals(4, d.labels().size());
        assertEquals(2, d.train().label(13));
        Set<String> where = new HashSet<>();
        for (var src : new dev.graft.data.ImageSource[] {d.train(), d.val(), d.test()}) {
            for (int i = 0; i < src.size(); i++) {
                assertTrue(where.add(src.describe(i)), "image used twice: " + src.describe(i));
            }
        }
        assertTrue(d.test().size() >= 4 * 100, "a study needs a test set worth scoring on");
        assertFalse(d.train().fingerprint().equals(d.val().fingerprint()));
        SyntheticImages train = (SyntheticImages) d.train();
        assertArrayEquals(train.generator().render(2, 1).pixels(), train.image(13).pixels());
    }

    @Test
    void specParsesAndRefusesNonsense() {
        SyntheticSpec s = SyntheticSpec.parse("synthetic:fractals:250:9");
        assertEquals("fractals", s.kind());
        assertEquals(250, s.categories());
        assertEquals(9, s.seed());
        assertEquals(s, SyntheticSpec.parse(s.dataName()));
        assertEquals(SyntheticSpec.DEFAULT_CATEGORIES, SyntheticSpec.parse("synthetic:noise").categories());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticSpec.parse("synthetic:clouds"));
        assertTrue(e.getMessage().contains("fractals, shapes or noise"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SyntheticSpec.parse("synthetic:shapes:many"));
        assertThrows(IllegalArgumentException.class, () -> SyntheticSpec.parse("synthetic:shapes:1"));
    }
}
