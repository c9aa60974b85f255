package dev.graft.report;

import dev.graft.train.LrFinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the learning-rate range test as a PNG: smoothed loss against a logarithmic lr axis, suggestions marked. */
public final class LrFinderPlot {
    private LrFinderPlot() {}

    public static void writePng(LrFinder.Result r, String title, Path file) throws IOException {
        if (r.points().isEmpty()) {
            throw new IllegalArgumentException("the range test recorded no steps; nothing to plot");
        }
        XYChart chart = new XYChartBuilder().width(800).height(520).title(title).xAxisTitle("learning rate (log)")
                .yAxisTitle("training loss (smoothed)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        List<Double> lrs = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        for (LrFinder.Point p : r.points()) {
            lrs.add(p.lr());
            losses.add(p.smoothed());
            min = Math.min(min, p.smoothed());
        }
        // the last steps diverge by design; keep the interesting part readable
        double first = losses.get(0);
        chart.getStyler().setYAxisMax(Math.max(first, min) * 1.3);
        chart.getStyler().setYAxisMin(Math.max(0, min * 0.9));
        XYSeries curve = chart.addSeries("smoothed loss", lrs, losses);
        curve.setMarker(SeriesMarkers.NONE);
        mark(chart, "suggested: min/10 = " + fmt(r.suggestion()), r.suggestion(), r, SeriesMarkers.DIAMOND);
        mark(chart, "steepest = " + fmt(r.steepest()), r.steepest(), r, SeriesMarkers.CIRCLE);
        String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }

    private static void mark(XYChart chart, String label, double lr, LrFinder.Result r,
            org.knowm.xchart.style.markers.Marker marker) {
        if (!Double.isFinite(lr)) {
            return;
        }
        XYSeries s = chart.addSeries(label, new double[] {lr}, new double[] {lossAt(r, lr)});
        s.setMarker(marker);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }

    /** The smoothed loss at the recorded lr nearest to {@code lr} on the log scale. */
    static double lossAt(LrFinder.Result r, double lr) {
        LrFinder.Point best = r.points().get(0);
        for (LrFinder.Point p : r.points()) {
            if (Math.abs(Math.log(p.lr() / lr)) < Math.abs(Math.log(best.lr() / lr))) {
                best = p;
            }
        }
        return best.smoothed();
    }

    private static String fmt(double v) {
        return String.format("%.2e", v);
    }
}
