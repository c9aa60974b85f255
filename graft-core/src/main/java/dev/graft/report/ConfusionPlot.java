package dev.graft.report;

import dev.graft.eval.Evaluation;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** Writes a confusion matrix as a PNG heat map, rows normalised so every class reads alike. */
public final class ConfusionPlot {
    private ConfusionPlot() {}

    public static void writePng(Evaluation e, String title, Path file) throws IOException {
        int k = e.labels().size();
        int size = Math.max(520, 90 + 48 * k);
        HeatMapChart chart = new HeatMapChartBuilder().width(size + 160).height(size).title(title)
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(1);
        // the darkest blue stays light enough for the black values printed on it
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(158, 202, 225),
                new Color(49, 130, 189)});
        chart.getStyler().setHeatMapValueDecimalPattern("0.00");
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setValueFontColor(Color.BLACK);
        chart.getStyler().setLegendVisible(true);
        List<String> rows = new ArrayList<>(e.labels());
        List<Number[]> data = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            long rowSum = Math.max(1, e.support(t));
            for (int p = 0; p < k; p++) {
                // heat map y runs bottom-up; put the first class on top like a printed matrix
                data.add(new Number[] {p, k - 1 - t, Math.round(100.0 * e.confusion()[t][p] / rowSum) / 100.0});
            }
        }
        List<String> reversed = new ArrayList<>(rows);
        java.util.Collections.reverse(reversed);
        chart.addSeries("share of true class", rows, reversed, data);
        String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
