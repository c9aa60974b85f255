package dev.graft.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The study's cells aggregated over seeds: mean and sample standard deviation per strategy and
 * size, and the terminal table.
 *
 * @param strategies strategies in plan order
 * @param sizes sizes in plan order (0 = all)
 * @param seeds seeds the plan asked for
 * @param rows one per (strategy, size) pair that has at least one finished cell
 */
public record Summary(List<String> strategies, List<Integer> sizes, int seeds, List<Row> rows) {

    /**
     * Mean and spread of one measure.
     *
     * @param mean the mean
     * @param std sample standard deviation (n − 1 in the denominator; 0 for one value)
     * @param n how many values
     */
    public record Stat(double mean, double std, int n) {
        public static Stat of(double[] v) {
            double mean = 0;
            for (double x : v) {
                mean += x;
            }
            mean /= v.length;
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            return new Stat(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0, v.length);
        }
    }

    /**
     * One (strategy, size) pair.
     *
     * @param strategy the strategy
     * @param perClass images per class requested (0 = all)
     * @param trainImages mean training images of its cells
     * @param accuracy test accuracy
     * @param macroF1 test macro-F1
     * @param trainSeconds training wall time
     * @param secondsToTarget time to {@link CellMetrics#TARGET} of the final validation accuracy
     * @param gap training minus validation accuracy at the last epoch
     * @param trainAccuracy training accuracy at the last epoch
     * @param stillImproving cells whose kept epoch was the last they ran: training ended before
     *     validation stopped improving
     * @param trainableParams parameters trained in the last phase
     * @param totalParams all parameters
     */
    public record Row(String strategy, int perClass, double trainImages, Stat accuracy, Stat macroF1,
            Stat trainSeconds, Stat secondsToTarget, Stat gap, Stat trainAccuracy, int stillImproving,
            long trainableParams, long totalParams) {}

    public static Summary of(StudyRecord r) {
        List<Row> rows = new ArrayList<>();
        for (String s : r.plan().strategies()) {
            for (int size : ascending(r.plan().sizes())) {
                List<CellResult> cells = r.cells().stream()
                        .filter(c -> c.strategy().equals(s) && c.perClass() == size).toList();
                if (!cells.isEmpty()) {
                    rows.add(new Row(s, size, mean(cells, CellResult::trainImages),
                            stat(cells, CellResult::testAccuracy), stat(cells, CellResult::testMacroF1),
                            stat(cells, CellResult::trainSeconds), stat(cells, CellResult::secondsToTarget),
                            stat(cells, CellResult::trainValGap), stat(cells, Summary::lastTrainAccuracy),
                            (int) cells.stream().filter(c -> c.bestEpoch() == c.epochsRun()).count(),
                            cells.get(0).trainableParams(),
                            cells.get(0).totalParams()));
                }
            }
        }
        return new Summary(r.plan().strategies(), ascending(r.plan().sizes()), r.plan().seeds(), rows);
    }

    /** Sizes from small to large, "all" last. */
    static List<Integer> ascending(List<Integer> sizes) {
        return sizes.stream().sorted(java.util.Comparator.comparingInt(z -> z == 0 ? Integer.MAX_VALUE : z)).toList();
    }

    /** The row of a pair, or null when none of its cells has finished. */
    public Row row(String strategy, int perClass) {
        for (Row row : rows) {
            if (row.strategy().equals(strategy) && row.perClass() == perClass) {
                return row;
            }
        }
        return null;
    }

    /** Test accuracy, training time and time to target, strategies down and sizes across. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        block(sb, "test accuracy (%), mean ± std over seeds", r -> r.accuracy(), 100, "%.1f ± %.1f", false);
        sb.append('\n');
        block(sb, "training time (s), mean ± std", r -> r.trainSeconds(), 1, "%.1f ± %.1f", true);
        sb.append('\n');
        block(sb, "time to " + Math.round(100 * CellMetrics.TARGET) + "% of final validation accuracy (s)",
                r -> r.secondsToTarget(), 1, "%.1f ± %.1f", false);
        if (rows.stream().anyMatch(r -> r.accuracy().n() < seeds)) {
            sb.append("* fewer seeds than planned finished for this pair\n");
        }
        return sb.toString();
    }

    /** Test accuracy as a Markdown table: strategies down, sizes across, mean ± std in percent. */
    public String markdown() {
        StringBuilder sb = new StringBuilder("| strategy |");
        sizes.forEach(z -> sb.append(' ').append(Cell.sizeLabel(z)).append(" / class |"));
        sb.append("\n|---|").append("---:|".repeat(sizes.size())).append('\n');
        for (String s : strategies) {
            sb.append("| ").append(s).append(" |");
            for (int size : sizes) {
                Row r = row(s, size);
                sb.append(r == null ? " – |" : String.format(Locale.ROOT, " %.1f ± %.1f%s |",
                        100 * r.accuracy().mean(), 100 * r.accuracy().std(), r.accuracy().n() < seeds
                                ? " (n=" + r.accuracy().n() + ")" : ""));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private void block(StringBuilder sb, String title, java.util.function.Function<Row, Stat> stat, double scale,
            String fmt, boolean params) {
        int w = Math.max(12, strategies.stream().mapToInt(String::length).max().orElse(12));
        sb.append(title).append('\n');
        sb.append(String.format("%-" + w + "s", "strategy"));
        for (int size : sizes) {
            sb.append(String.format("  %14s", Cell.sizeLabel(size) + "/class"));
        }
        sb.append(params ? String.format("  %22s%n", "trainable params") : "\n");
        for (String s : strategies) {
            sb.append(String.format("%-" + w + "s", s));
            Row any = null;
            for (int size : sizes) {
                Row r = row(s, size);
                any = r != null ? r : any;
                String cellText = r == null ? "-" : String.format(Locale.ROOT, fmt, scale * stat.apply(r).mean(),
                        scale * stat.apply(r).std()) + (r.accuracy().n() < seeds ? "*" : "");
                sb.append(String.format("  %14s", cellText));
            }
            if (params) {
                sb.append(any == null ? "" : String.format(Locale.ROOT, "  %,11d / %,9d", any.trainableParams(),
                        any.totalParams()));
            }
            sb.append('\n');
        }
    }

    private static double lastTrainAccuracy(CellResult c) {
        return c.epochs().isEmpty() ? Double.NaN : c.epochs().get(c.epochs().size() - 1).trainAcc();
    }

    private static Stat stat(List<CellResult> cells, ToDoubleFunction<CellResult> f) {
        return Stat.of(cells.stream().mapToDouble(f).toArray());
    }

    private static double mean(List<CellResult> cells, ToDoubleFunction<CellResult> f) {
        return cells.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
