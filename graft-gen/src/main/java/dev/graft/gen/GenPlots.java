package dev.graft.gen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Training curves as PNG line charts. */
public final class GenPlots {
    private GenPlots() {}

    /** Domain score against step, one line per run. */
    public static void curve(Map<String, List<GenTrainer.Point>> runs, String title, Path file) {
        XYChart chart = new XYChartBuilder().width(760).height(460).title(title).xAxisTitle("step")
                .yAxisTitle("FID (lower is better)").build();
        chart.getStyler().setMarkerSize(5);
        runs.forEach((name, points) -> {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (GenTrainer.Point p : points) {
                if (!Double.isNaN(p.score())) {
                    x.add((double) p.step());
                    y.add(p.score());
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(name, x, y);
            }
        });
        if (chart.getSeriesMap().isEmpty()) {
            return;
        }
        try {
            String name = file.toString();
            BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                    BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + dev.graft.io.AtomicFiles.reason(e), e);
        }
    }
}
