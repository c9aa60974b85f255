package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.graft.testing.NoisyFashionFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measurements behind docs/INTERPRETATION.md, through the command line, printed as markdown
 * tables: label-noise precision and recall at 5, 10 and 20% flipped labels in two settings, and the
 * Grad-CAM localisation rate over seeds. Minutes, not seconds:
 * {@code mvn -B -Pslow -pl graft-cli -am test -Dtest=InterpretationMeasureTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
class InterpretationMeasureTest {
    @TempDir
    Path tmp;

    /**
     * Setting A: classes 0-4 (the bundled backbone's source classes) from the test split, which the
     * backbone never saw, 200 per class; the run is a linear probe. Setting B: classes 5-9 (the
     * demo's targets, which the backbone never learned), 200 per class from the training split; the
     * run is a fine-tune, which learns the flipped labels too. Both are reviewed with 5-fold linear
     * probes on the base network's features; B also with fine-tune folds.
     */
    @Test
    void labelNoisePrecisionAndRecall() throws Exception {
        List<String> rows = new ArrayList<>();
        for (double noise : new double[] {0.05, 0.10, 0.20}) {
            String pct = String.format(Locale.ROOT, "%.0f%%", 100 * noise);
            Path a = tmp.resolve("a" + pct);
            Set<Path> flippedA = NoisyFashionFolder.write(a.resolve("train"), "t10k", new int[] {0, 1, 2, 3, 4}, 200,
                    noise, 7);
            train(a, "linear-probe", "--epochs", "20");
            double[] pa = review(a, flippedA, rows, "A: classes 0-4, linear-probe run, probe folds", pct);
            if (noise == 0.10) {
                assertTrue(pa[0] >= 0.6 && pa[1] >= 0.6, "setting A at 10%: " + pa[0] + ", " + pa[1]);
            }
            Path b = tmp.resolve("b" + pct);
            Set<Path> flippedB = NoisyFashionFolder.write(b.resolve("train"), "train", new int[] {5, 6, 7, 8, 9}, 200,
                    noise, 7);
            train(b, "fine-tune", "--epochs", "8", "--head-epochs", "2");
            review(b, flippedB, rows, "B: classes 5-9, fine-tune run, probe folds", pct);
            review(b, flippedB, rows, "B: classes 5-9, fine-tune run, probe folds on the run's features", pct,
                    "--run-features");
            review(b, flippedB, rows, "B: classes 5-9, fine-tune run, fine-tune folds (3 epochs)", pct, "--folds-by",
                    "fine-tune");
        }
        System.out.println("\n| setting | flipped | flagged | precision | recall |\n|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** The run beside the data folder: an output may not lie inside an input. */
    private static Path runOf(Path data) {
        return data.resolveSibling(data.getFileName() + "-run");
    }

    private void train(Path data, String strategy, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--model", "resnet18_small",
                "--weights", "resnet18_small.fmnist_src", "--strategy", strategy, "--seed", "1", "--out",
                runOf(data).toString()));
        args.addAll(List.of(extra));
        CliHarness.Result r = CliHarness.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
    }

    private double[] review(Path data, Set<Path> flipped, List<String> rows, String setting, String pct,
            String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("review", "--run", runOf(data).toString(), "--data",
                data.toString(), "--out", data.resolveSibling(data.getFileName() + "-review-" + rows.size()).toString(),
                "--json"));
        args.addAll(List.of(extra));
        CliHarness.Result r = CliHarness.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        Set<Path> flagged = new HashSet<>();
        for (JsonElement e : new Gson().fromJson(r.out(), JsonObject.class).getAsJsonArray("labelIssues")) {
            flagged.add(Path.of(e.getAsJsonObject().get("file").getAsString()));
        }
        double[] pr = NoisyFashionFolder.precisionRecall(flagged, flipped);
        rows.add(String.format(Locale.ROOT, "| %s | %s (%d) | %d | %.3f | %.3f |", setting, pct, flipped.size(),
                flagged.size(), pr[0], pr[1]));
        System.out.println(rows.get(rows.size() - 1));
        return pr;
    }

    /**
     * The default suite's localisation task (CliExplainTest: 64-pixel images, a 7×7 map) over seeds,
     * and the same at 32 pixels (a 28-pixel crop, a 4×4 map).
     */
    @Test
    void gradCamLocalisationOverSeeds() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int size : new int[] {64, 32}) {
            for (int seed = 1; seed <= 3; seed++) {
                ShapesTask.Outcome o = ShapesTask.run(tmp.resolve("shapes" + size + "-" + seed), size, 40, 10, seed);
                rows.add(String.format(Locale.ROOT, "| %d px (%dx%d map) | %d | %.3f | %d of %d (%.1f%%) | %.3f |",
                        size * 7 / 8, o.grid(), o.grid(), seed, o.testAccuracy(), o.localised(), o.images(),
                        100 * o.rate(), o.meanMass()));
                System.out.println(rows.get(rows.size() - 1));
            }
        }
        System.out.println("\n| input | seed | test accuracy | images with >= 80% of the mass in the shape's half "
                + "| mean share there |\n|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }
}
