package dev.graft.report;

import dev.graft.study.Cell;
import dev.graft.study.CellMetrics;
import dev.graft.study.CellResult;
import dev.graft.study.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The plain-language reading of a study, computed from its numbers: where transfer beat scratch
 * and by how much, how much faster it got there, whether fine-tuning went further than the linear
 * probe, and where overfitting showed. A difference smaller than the seed-to-seed spread is called
 * so rather than claimed.
 */
public final class Reading {
    private static final String SCRATCH = "scratch";
    private static final String PROBE = "linear-probe";
    private static final String FINE_TUNE = "fine-tune";

    private Reading() {}

    /** The sentences, most important first. */
    public static List<String> of(Summary s, CellResult best) {
        List<String> out = new ArrayList<>();
        transferVsScratch(s, out);
        speed(s, out);
        fineTuneVsProbe(s, out);
        overfitting(s, out);
        underfitting(s, out);
        stillImproving(s, out);
        if (best != null) {
            out.add(String.format(Locale.ROOT, "The best single cell was %s at %s, seed %d: %.1f%% test accuracy.",
                    best.strategy(), perClass(best.perClass()), best.seed(), 100 * best.testAccuracy()));
        }
        return out;
    }

    private static void transferVsScratch(Summary s, List<String> out) {
        if (!s.strategies().contains(SCRATCH) || s.strategies().size() < 2) {
            return;
        }
        int won = 0;
        int compared = 0;
        List<double[]> leads = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int size : s.sizes()) {
            Summary.Row scratch = s.row(SCRATCH, size);
            Summary.Row best = bestTransfer(s, size);
            if (scratch == null || best == null) {
                continue;
            }
            compared++;
            double a = 100 * best.accuracy().mean();
            double b = 100 * scratch.accuracy().mean();
            double diff = a - b;
            double spread = 100 * Math.hypot(best.accuracy().std(), scratch.accuracy().std());
            leads.add(new double[] {size, diff});
            if (Math.abs(diff) <= spread) {
                lines.add(String.format(Locale.ROOT, "At %s, %s (%.1f%%) and scratch (%.1f%%) were within the "
                        + "seed-to-seed spread of each other (%+.1f points, spread %.1f).", perClass(size),
                        best.strategy(), a, b, diff, spread));
            } else if (diff > 0) {
                won++;
                lines.add(String.format(Locale.ROOT, "%s beat scratch by %.1f points at %s (%.1f%% vs %.1f%%).",
                        capital(best.strategy()), diff, perClass(size), a, b));
            } else {
                lines.add(String.format(Locale.ROOT, "At %s, scratch beat every transfer strategy: %.1f%% vs %.1f%% "
                        + "for the best of them, %s (%.1f points).", perClass(size), b, a, best.strategy(), -diff));
            }
        }
        if (compared == 0) {
            return;
        }
        out.add(String.format(Locale.ROOT, "Transfer beat training from scratch, by more than the seed-to-seed spread, at %d of %d sizes.", won, compared));
        out.addAll(lines);
        trend(leads, out);
        everyStrategyVsScratch(s, out);
    }

    /** One compact line: each transfer strategy's difference to scratch at every size. */
    private static void everyStrategyVsScratch(Summary s, List<String> out) {
        List<String> parts = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        s.sizes().forEach(z -> sizes.add(Cell.sizeLabel(z)));
        for (String strategy : s.strategies()) {
            if (strategy.equals(SCRATCH)) {
                continue;
            }
            List<String> diffs = new ArrayList<>();
            for (int size : s.sizes()) {
                Summary.Row r = s.row(strategy, size);
                Summary.Row b = s.row(SCRATCH, size);
                if (r == null || b == null) {
                    diffs.add("–");
                    continue;
                }
                double diff = 100 * (r.accuracy().mean() - b.accuracy().mean());
                boolean level = Math.abs(diff) <= 100 * Math.hypot(r.accuracy().std(), b.accuracy().std());
                diffs.add(String.format(Locale.ROOT, "%s%+.1f", level ? "≈" : "", diff));
            }
            parts.add(strategy + " " + String.join("/", diffs));
        }
        out.add("Against scratch, in points at " + String.join("/", sizes) + " images per class: "
                + String.join("; ", parts) + " (≈: within the seed-to-seed spread).");
    }

    /** Says how the lead moved with more data, when it moved one way only. */
    private static void trend(List<double[]> leads, List<String> out) {
        if (leads.size() < 2) {
            return;
        }
        boolean down = true;
        boolean up = true;
        for (int i = 1; i < leads.size(); i++) {
            down &= leads.get(i)[1] < leads.get(i - 1)[1];
            up &= leads.get(i)[1] > leads.get(i - 1)[1];
        }
        if (down || up) {
            double[] first = leads.get(0);
            double[] last = leads.get(leads.size() - 1);
            out.add(String.format(Locale.ROOT, "The lead of the best transfer strategy over scratch %s as labeled "
                    + "data grew, from %+.1f points at %s to %+.1f points at %s.", down ? "shrank" : "grew",
                    first[1], perClass((int) first[0]), last[1], perClass((int) last[0])));
        }
    }

    private static void speed(Summary s, List<String> out) {
        int size = StudyPlots.smallestSize(s);
        Summary.Row scratch = s.row(SCRATCH, size);
        Summary.Row best = bestTransfer(s, size);
        if (scratch == null || best == null) {
            return;
        }
        double tb = best.secondsToTarget().mean();
        double ts = scratch.secondsToTarget().mean();
        out.add(String.format(Locale.ROOT, "At %s, %s reached %d%% of its own final validation accuracy after "
                + "%.1f s (%.1f s of training in all); scratch needed %.1f s (%.1f s in all), %s.", perClass(size),
                best.strategy(), Math.round(100 * CellMetrics.TARGET), tb, best.trainSeconds().mean(), ts,
                scratch.trainSeconds().mean(), ratio(ts, tb)));
    }

    private static void fineTuneVsProbe(Summary s, List<String> out) {
        if (!s.strategies().contains(FINE_TUNE) || !s.strategies().contains(PROBE)) {
            return;
        }
        List<String> ahead = new ArrayList<>();
        List<String> behind = new ArrayList<>();
        List<String> level = new ArrayList<>();
        for (int size : s.sizes()) {
            Summary.Row ft = s.row(FINE_TUNE, size);
            Summary.Row lp = s.row(PROBE, size);
            if (ft == null || lp == null) {
                continue;
            }
            double diff = 100 * (ft.accuracy().mean() - lp.accuracy().mean());
            double spread = 100 * Math.hypot(ft.accuracy().std(), lp.accuracy().std());
            String item = String.format(Locale.ROOT, "%s (%+.1f)", Cell.sizeLabel(size), diff);
            (diff > spread ? ahead : diff < -spread ? behind : level).add(item);
        }
        List<String> parts = new ArrayList<>();
        if (!ahead.isEmpty()) {
            parts.add("went further than the linear probe at " + String.join(", ", ahead));
        }
        if (!behind.isEmpty()) {
            parts.add("fell behind it at " + String.join(", ", behind));
        }
        if (!level.isEmpty()) {
            parts.add("was within the seed-to-seed spread of it at " + String.join(", ", level));
        }
        if (!parts.isEmpty()) {
            out.add("Fine-tuning " + join(parts) + " images per class (difference in points).");
        }
    }

    private static String join(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static void overfitting(Summary s, List<String> out) {
        Summary.Row worst = s.rows().stream().max(Comparator.comparingDouble(r -> r.gap().mean())).orElse(null);
        if (worst == null) {
            return;
        }
        out.add(String.format(Locale.ROOT, "The largest train/validation gap, the overfitting signal, was %s at %s: "
                + "training accuracy exceeded validation accuracy by %.1f points at the last epoch; early stopping "
                + "restored the best validation epoch's weights.", worst.strategy(), perClass(worst.perClass()),
                100 * worst.gap().mean()));
    }

    /** Names, per size, the strategies every seed of which was still improving when training ended. */
    private static void stillImproving(Summary s, List<String> out) {
        for (int size : s.sizes()) {
            List<String> names = s.rows().stream().filter(r -> r.perClass() == size
                    && r.stillImproving() == r.accuracy().n()).map(Summary.Row::strategy).toList();
            if (!names.isEmpty()) {
                out.add("At " + perClass(size) + ", " + join(names) + (names.size() == 1 ? " was" : " were")
                        + " still improving when training ended (the best validation epoch was the last one, in "
                        + "every seed), so " + (names.size() == 1 ? "its number there is" : "their numbers there are")
                        + " a lower bound; more epochs or a higher --max-steps would tell how much higher.");
            }
        }
    }

    /** Below this mean training accuracy a strategy has not fitted even the images it trained on. */
    static final double UNDERFIT = 0.8;

    private static void underfitting(Summary s, List<String> out) {
        for (String strategy : s.strategies()) {
            double mean = s.rows().stream().filter(r -> r.strategy().equals(strategy))
                    .mapToDouble(r -> r.trainAccuracy().mean()).average().orElse(Double.NaN);
            if (mean < UNDERFIT) {
                out.add(String.format(Locale.ROOT, "%s did not fit even its own training images: its training "
                        + "accuracy at the last epoch averaged %.1f%% over all sizes, so what it trains on (for a "
                        + "frozen backbone, the pretrained features) does not separate these classes well.",
                        capital(strategy), 100 * mean));
            }
        }
    }

    /** The transfer strategy (anything but scratch) with the highest mean accuracy at a size. */
    static Summary.Row bestTransfer(Summary s, int size) {
        return s.rows().stream().filter(r -> r.perClass() == size && !r.strategy().equals(SCRATCH))
                .max(Comparator.comparingDouble(r -> r.accuracy().mean())).orElse(null);
    }

    private static String ratio(double slow, double fast) {
        if (fast <= 0 || slow <= 0) {
            return "too short to compare";
        }
        return String.format(Locale.ROOT, "%.1f× as long", slow / fast);
    }

    static String perClass(int size) {
        return size == 0 ? "all training images" : size + " images per class";
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
