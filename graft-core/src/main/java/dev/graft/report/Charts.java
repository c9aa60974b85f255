package dev.graft.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The look every study chart shares: one colour and marker per strategy, readable fonts. */
final class Charts {
    static final Color SCRATCH = new Color(214, 39, 40);
    private static final Map<String, Color> FIXED = Map.of("scratch", SCRATCH, "linear-probe",
            new Color(31, 119, 180), "fine-tune", new Color(255, 127, 14));
    private static final Color[] OTHERS = {new Color(44, 160, 44), new Color(148, 103, 189), new Color(140, 86, 75),
        new Color(227, 119, 194), new Color(23, 190, 207), new Color(188, 189, 34), new Color(127, 127, 127)};
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.OVAL};
    static final BasicStroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private Charts() {}

    /** The colour of a strategy: fixed for the classic three, else by its place among the others. */
    static Color color(String strategy, List<String> all) {
        Color c = FIXED.get(strategy);
        if (c != null) {
            return c;
        }
        int i = (int) all.stream().filter(s -> !FIXED.containsKey(s)).takeWhile(s -> !s.equals(strategy)).count();
        return OTHERS[i % OTHERS.length];
    }

    static Marker marker(String strategy, List<String> all) {
        return MARKERS[Math.max(0, all.indexOf(strategy)) % MARKERS.length];
    }

    /** An XY chart with the house style. */
    static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        var st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(new Color(180, 180, 180));
        st.setPlotGridLinesColor(new Color(225, 225, 225));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setLegendBorderColor(new Color(200, 200, 200));
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setMarkerSize(8);
        st.setChartPadding(12);
        st.setAntiAlias(true);
        return chart;
    }
}
