package dev.graft.report;

import dev.graft.calibration.Reliability;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The reliability diagram: each confidence bin's accuracy against its mean confidence, before and
 * after temperature scaling, with the diagonal a perfectly calibrated model would follow. Points
 * below the diagonal are over-confident.
 */
public final class ReliabilityPlot {
    private ReliabilityPlot() {}

    /**
     * @param title the chart's title
     * @param before bins at T = 1
     * @param after bins at the fitted temperature
     * @param temperature the fitted T, for the legend
     */
    public static byte[] png(String title, Reliability before, Reliability after, double temperature) {
        XYChart chart = Charts.xy(760, 520, title, "confidence (top probability)", "accuracy");
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(1.0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        XYSeries diagonal = chart.addSeries("perfectly calibrated", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(new Color(150, 150, 150));
        diagonal.setLineStyle(Charts.DASHED);
        add(chart, String.format(Locale.ROOT, "T = 1: ECE %.3f", before.ece()), before, new Color(214, 39, 40));
        if (temperature != 1) { // a run without a fitted temperature has one curve only
            add(chart, String.format(Locale.ROOT, "T = %.2f: ECE %.3f", temperature, after.ece()), after,
                    new Color(31, 119, 180));
        }
        return orThrow(chart);
    }

    private static void add(XYChart chart, String name, Reliability r, Color color) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Reliability.Bin b : r.bins()) {
            if (b.count() > 0) {
                x.add(b.confidence());
                y.add(b.accuracy());
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setLineColor(color);
    }

    private static byte[] orThrow(XYChart chart) {
        try {
            return Report.png(chart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
