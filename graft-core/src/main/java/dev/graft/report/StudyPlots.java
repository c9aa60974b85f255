package dev.graft.report;

import dev.graft.study.Cell;
import dev.graft.study.CellMetrics;
import dev.graft.study.CellResult;
import dev.graft.study.StudyRecord;
import dev.graft.study.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The study's charts, built from {@code study.json} alone. */
public final class StudyPlots {
    private StudyPlots() {}

    /** Test accuracy against labeled images per class (log scale), one line per strategy, ± one std. */
    public static XYChart accuracy(StudyRecord r, Summary s) {
        XYChart chart = Charts.xy(960, 580, "Test accuracy vs labeled images per class",
                "labeled training images per class (log scale)", "test accuracy (%), mean ± std over seeds");
        TreeMap<Double, String> sizeLabels = new TreeMap<>();
        double lo = 100;
        double hi = 0;
        for (String strategy : s.strategies()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (int size : s.sizes()) {
                Summary.Row row = s.row(strategy, size);
                if (row == null) {
                    continue;
                }
                double at = size > 0 ? size : row.trainImages() / r.provenance().labels().size();
                sizeLabels.put(at, size == 0 ? "all (" + Math.round(at) + ")" : Cell.sizeLabel(size));
                x.add(at);
                y.add(100 * row.accuracy().mean());
                err.add(100 * row.accuracy().std());
                lo = Math.min(lo, 100 * (row.accuracy().mean() - row.accuracy().std()));
                hi = Math.max(hi, 100 * (row.accuracy().mean() + row.accuracy().std()));
            }
            if (!x.isEmpty()) {
                style(chart.addSeries(strategy, x, y, err), strategy, s.strategies());
            }
        }
        var st = chart.getStyler();
        st.setXAxisLogarithmic(true);
        st.setXAxisLogarithmicDecadeOnly(false);
        st.setErrorBarsColorSeriesColor(true);
        if (sizeLabels.isEmpty()) {
            return chart;
        }
        // XChart's log axis labels every 1..9 × 10^k, which crowds; label just the sizes the study ran
        double yMin = Math.max(0, Math.floor((lo - 8) / 5) * 5);
        double yMax = Math.min(100, Math.ceil((hi + 2) / 5) * 5);
        st.setYAxisMin(yMin);
        st.setYAxisMax(yMax);
        st.setXAxisTicksVisible(false);
        st.setXAxisMin(sizeLabels.firstKey() / 1.5);
        st.setXAxisMax(sizeLabels.lastKey() * 1.5);
        st.setAnnotationTextFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 14));
        sizeLabels.forEach((at, label) -> chart.addAnnotation(new AnnotationText(label, at,
                yMin + 0.03 * (yMax - yMin), false)));
        return chart;
    }

    /** Validation accuracy against training time at the smallest size, one line per strategy. */
    public static XYChart speed(StudyRecord r, Summary s) {
        int size = smallestSize(s);
        XYChart chart = Charts.xy(960, 580, "Validation accuracy vs training time, " + Cell.sizeLabel(size)
                        + " labeled images per class", "training time (s), feature caching included",
                "validation accuracy (%)");
        for (String strategy : s.strategies()) {
            CellResult c = representative(r, strategy, size);
            if (c == null || c.epochs().isEmpty()) {
                continue;
            }
            double[] x = c.epochs().stream().mapToDouble(CellResult.EpochPoint::seconds).toArray();
            double[] y = c.epochs().stream().mapToDouble(p -> 100 * p.valAcc()).toArray();
            String name = String.format(Locale.ROOT, "%s: %d%% of final in %.1f s", strategy,
                    Math.round(100 * CellMetrics.TARGET), c.secondsToTarget());
            XYSeries series = style(chart.addSeries(name, x, y), strategy, s.strategies());
            if (x.length > 40) {
                series.setMarker(SeriesMarkers.NONE); // a marker per epoch would hide the line
            }
        }
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisMin(0.0);
        return chart;
    }

    /**
     * Training and validation loss per epoch for each strategy at the smallest size: where the
     * two part is where overfitting starts; the dashed line marks the epoch early stopping kept.
     */
    public static List<XYChart> losses(StudyRecord r, Summary s) {
        int size = smallestSize(s);
        List<XYChart> charts = new ArrayList<>();
        for (String strategy : s.strategies()) {
            CellResult c = representative(r, strategy, size);
            if (c == null || c.epochs().isEmpty()) {
                continue;
            }
            charts.add(lossChart(c));
        }
        return charts;
    }

    private static XYChart lossChart(CellResult c) {
        String ending = c.stopReason() != null && c.stopReason().startsWith("early stop")
                ? "early stop after epoch " + c.epochsRun() : "ran all " + c.epochsRun() + " epochs";
        XYChart chart = Charts.xy(640, 420, c.strategy() + ", " + Cell.sizeLabel(c.perClass()) + "/class: " + ending,
                "epoch (all phases)", "loss");
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(14f));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> Math.abs(v - Math.rint(v)) < 1e-9
                ? Long.toString(Math.round(v)) : "");
        double[] x = c.epochs().stream().mapToDouble(CellResult.EpochPoint::index).toArray();
        double[] train = c.epochs().stream().mapToDouble(CellResult.EpochPoint::trainLoss).toArray();
        double[] val = c.epochs().stream().mapToDouble(CellResult.EpochPoint::valLoss).toArray();
        XYSeries t = chart.addSeries("training loss (smoothed labels, dropout)", x, train);
        t.setMarker(SeriesMarkers.NONE);
        t.setLineColor(new java.awt.Color(31, 119, 180));
        XYSeries v = chart.addSeries("validation loss", x, val);
        v.setMarker(SeriesMarkers.NONE);
        v.setLineColor(Charts.SCRATCH);
        double lo = Math.min(min(train), min(val));
        double hi = Math.max(max(train), max(val));
        if (c.bestEpoch() > 0) {
            vertical(chart, "kept: epoch " + c.bestEpoch(), c.bestEpoch(), lo, hi, new java.awt.Color(60, 60, 60),
                    Charts.DASHED);
        }
        for (int i = 1; i < c.epochs().size(); i++) {
            if (!c.epochs().get(i).phase().equals(c.epochs().get(i - 1).phase())) {
                vertical(chart, c.epochs().get(i - 1).phase() + " → " + c.epochs().get(i).phase(), i + 0.5, lo, hi,
                        new java.awt.Color(150, 150, 150), SeriesLines.DOT_DOT);
            }
        }
        return chart;
    }

    private static void vertical(XYChart chart, String name, double x, double lo, double hi, java.awt.Color color,
            java.awt.BasicStroke stroke) {
        XYSeries v = chart.addSeries(name, new double[] {x, x}, new double[] {lo, hi});
        v.setMarker(SeriesMarkers.NONE);
        v.setLineColor(color);
        v.setLineStyle(stroke);
    }

    /** The cell with the highest test accuracy (the fastest among equals). */
    public static CellResult bestCell(StudyRecord r) {
        return r.cells().stream().max(Comparator.comparingDouble(CellResult::testAccuracy)
                .thenComparing(Comparator.comparingDouble(CellResult::trainSeconds).reversed())).orElse(null);
    }

    /** The smallest size with results: where transfer should matter most. */
    static int smallestSize(Summary s) {
        return s.sizes().stream().filter(z -> s.rows().stream().anyMatch(row -> row.perClass() == z))
                .min(Comparator.comparingInt(z -> z == 0 ? Integer.MAX_VALUE : z)).orElse(s.sizes().get(0));
    }

    /** The first planned seed's cell of a pair, else any finished seed's. */
    static CellResult representative(StudyRecord r, String strategy, int size) {
        CellResult first = r.cell(new Cell(strategy, size, r.plan().seed()).key());
        if (first != null) {
            return first;
        }
        return r.cells().stream().filter(c -> c.strategy().equals(strategy) && c.perClass() == size).findFirst()
                .orElse(null);
    }

    private static XYSeries style(XYSeries series, String strategy, List<String> all) {
        java.awt.Color color = Charts.color(strategy, all);
        series.setLineColor(color);
        series.setLineWidth(2.2f);
        series.setMarker(Charts.marker(strategy, all));
        series.setMarkerColor(color);
        return series;
    }

    private static double min(double[] v) {
        double m = Double.MAX_VALUE;
        for (double x : v) {
            m = Double.isFinite(x) ? Math.min(m, x) : m;
        }
        return m == Double.MAX_VALUE ? 0 : m;
    }

    private static double max(double[] v) {
        double m = -Double.MAX_VALUE;
        for (double x : v) {
            m = Double.isFinite(x) ? Math.max(m, x) : m;
        }
        return m == -Double.MAX_VALUE ? 1 : m;
    }
}
