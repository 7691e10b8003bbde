package dev.dirtyvram.simulations.tune;

import dev.dirtyvram.domain.config.Durations;
import dev.dirtyvram.simulations.scenario.Parameters;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
/**
 * The sweep's PNG charts: one line per series against the knob the sweep varies (the harvest interval when it varies
 * it). Axes are linear unless a chart's values span more than two decades; ticks and labels are large enough to
 * read at the saved size. Each series has its own marker and dash, and one whose values equal an earlier series'
 * says so in the legend ("same as ..."), so that lines drawn over each other are still told apart. On the latency
 * chart a point whose runs lost updates is ringed in red: its p99 is that of the stores shown, not of all.
 */
public final class SweepCharts {
    public static final String LATENCY = "latency-p99.png";
    public static final String COST = "cpu-share.png";
    /** The latency chart's series of points that lost updates (ringed in red). */
    static final String LOST_POINTS = "lost updates here: p99 of the stores shown only";
    static final String LOST = "lost-updates.png";
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font LABELS = new Font(Font.SANS_SERIF, Font.PLAIN, 15);

    private SweepCharts() {}

    /** The x axis: a knob's values, numeric (durations in ms) when every value is, else named in sweep order. */
    public record XAxis(String label, Map<String, Double> position, boolean categorical) {
        public static XAxis of(String key, List<Recommendation.Point> points) {
            Map<String, Double> pos = new LinkedHashMap<>();
            boolean numeric = true;
            for (Recommendation.Point p : points) {
                Double v = numeric(p.x());
                if (v == null) numeric = false;
                pos.putIfAbsent(p.x(), v);
            }
            boolean durations = points.stream().anyMatch(p -> p.x().matches(".*[a-z]$")) && numeric;
            if (!numeric) {
                int i = 0;
                for (String k : pos.keySet()) pos.put(k, (double) i++);
            }
            return new XAxis(key + (durations ? " (ms)" : ""), pos, !numeric);
        }

        private static Double numeric(String x) {
            try {
                return Double.parseDouble(x);
            } catch (NumberFormatException e) {
                try {
                    return Durations.parseOption("x", x) / 1e6;
                } catch (IllegalArgumentException notADuration) {
                    return null;
                }
            }
        }
    }

    /** Writes the charts; the lost-updates chart only when some run lost an update. Returns the files written. */
    static List<Path> write(Path dir, List<Recommendation.Point> points, long targetNs, String xKey) throws IOException {
        System.setProperty("java.awt.headless", "true");
        // In memory: ImageIO's file cache registers a shutdown hook, which fails while SIGINT shuts the JVM down.
        ImageIO.setUseCache(false);
        XAxis x = XAxis.of(xKey, points);
        List<Path> files = new ArrayList<>();
        Path latency = dir.resolve(LATENCY);
        save(latency, latencyChart(points, targetNs, x, xKey));
        files.add(latency);
        Path cost = dir.resolve(COST);
        save(cost, cpuChart(points, x, xKey));
        files.add(cost);
        if (points.stream().anyMatch(p -> p.lost() > 0)) {
            Path lost = dir.resolve(LOST);
            save(lost, chart("Lost updates (all seeds) against " + xKey, "lost updates", x, points, p -> p.lost(), false));
            files.add(lost);
        }
        return files;
    }

    public static JFreeChart latencyChart(List<Recommendation.Point> points, long targetNs, XAxis x, String xKey) {
        JFreeChart latencyChart = chart("Display latency p99 (worst over seeds) against " + xKey, "latency p99 of the stores shown (ms)", x,
                points, p -> p.p99MaxNs() / 1e6, false);
        // Points that lost updates: their latency leaves the lost stores out, so they must not pass for good ones.
        XYSeries lost = new XYSeries(LOST_POINTS);
        for (Recommendation.Point p : points) if (p.lost() > 0) lost.add((double) x.position().get(p.x()), p.p99MaxNs() / 1e6);
        if (!lost.isEmpty()) {
            XYPlot plot = latencyChart.getXYPlot();
            XYSeriesCollection data = (XYSeriesCollection) plot.getDataset();
            data.addSeries(lost);
            XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
            int i = data.getSeriesCount() - 1;
            r.setSeriesLinesVisible(i, false);
            r.setSeriesShape(i, new Ellipse2D.Double(-11, -11, 22, 22));
            r.setSeriesShapesFilled(i, false);
            r.setSeriesPaint(i, new Color(220, 0, 0));
            r.setSeriesStroke(i, new BasicStroke(3f));
        }
        ValueMarker target = new ValueMarker(targetNs / 1e6, new Color(200, 30, 30), new BasicStroke(2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
        target.setLabel("latency target " + Parameters.ms(targetNs));
        target.setLabelFont(LABELS);
        target.setLabelPaint(new Color(200, 30, 30));
        target.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        target.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        latencyChart.getXYPlot().addRangeMarker(target);
        // The target line is part of the picture even when every point lies far below it.
        NumberAxis ly = (NumberAxis) latencyChart.getXYPlot().getRangeAxis();
        double top = Math.max(targetNs / 1e6, points.stream().mapToDouble(p -> p.p99MaxNs() / 1e6).max().orElse(0));
        ly.setRange(0, top * 1.12 + 1e-9);
        return latencyChart;
    }

    public static JFreeChart cpuChart(List<Recommendation.Point> points, XAxis x, String xKey) {
        return chart("CPU share of dirty tracking (device model + hypervisor, % of one CPU) against " + xKey,
                "CPU share (% of one CPU, mean over seeds)", x, points, Recommendation.Point::cpuPercent, true);
    }

    /** @param mayLog a log axis when the values span more than two decades (costs; never latency against a target) */
    private static JFreeChart chart(String title, String yLabel, XAxis x, List<Recommendation.Point> points,
                                    ToDoubleFunction<Recommendation.Point> y, boolean mayLog) {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (Recommendation.Point p : points) {
            series.computeIfAbsent(p.line(), XYSeries::new).add((double) x.position().get(p.x()), y.applyAsDouble(p));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series.values()) data.addSeries(sameAs(s, data));
        JFreeChart c = ChartFactory.createXYLineChart(title, x.label(), yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        c.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        c.getLegend().setItemFont(LABELS);
        XYPlot plot = c.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(!x.categorical(), true); // no line between named values
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesShape(i, SHAPES[i % SHAPES.length]);
            r.setSeriesStroke(i, new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASHES[(i / SHAPES.length + i) % DASHES.length], 0f));
        }
        plot.setRenderer(r);
        if (x.categorical()) {
            plot.setDomainAxis(new SymbolAxis(x.label(), x.position().keySet().toArray(String[]::new)));
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Recommendation.Point p : points) {
            double v = y.applyAsDouble(p);
            if (v > 0) min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (mayLog && max > 0 && points.stream().allMatch(p -> y.applyAsDouble(p) > 0) && max / min > 100) {
            // Only values over more than two decades (memcmp against tracking) need a log scale to show them all.
            LogAxis log = new LogAxis(yLabel + ", log scale");
            log.setBase(10);
            log.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
            log.setSmallestValue(min / 2);
            plot.setRangeAxis(log);
        } else {
            NumberAxis lin = (NumberAxis) plot.getRangeAxis();
            lin.setAutoRangeIncludesZero(true);
        }
        for (var axis : List.of(plot.getDomainAxis(), plot.getRangeAxis())) {
            axis.setTickLabelFont(TICKS);
            axis.setLabelFont(LABELS);
        }
        if (!x.categorical() && plot.getDomainAxis() instanceof NumberAxis nx) {
            if (x.position().values().stream().allMatch(v -> v == Math.rint(v))) {
                nx.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // 1, 2, 4 VCPUs: no 1.1 ticks
            }
            if (x.position().size() == 1) {
                double only = x.position().values().iterator().next();
                nx.setRange(only - Math.max(1, Math.abs(only) * 0.5), only + Math.max(1, Math.abs(only) * 0.5));
                nx.setTickUnit(new NumberTickUnit(Math.max(1, Math.abs(only) * 0.25)));
            }
        }
        return c;
    }

    /** Markers and dashes, a series each in turn: lines that coincide still show both. */
    private static final Shape[] SHAPES = {new Ellipse2D.Double(-6, -6, 12, 12), new Rectangle(-5, -5, 10, 10),
            new Polygon(new int[] {0, 7, -7}, new int[] {-7, 6, 6}, 3), new Polygon(new int[] {0, 7, 0, -7}, new int[] {-8, 0, 8, 0}, 4)};
    private static final float[][] DASHES = {null, {10f, 5f}, {3f, 4f}, {12f, 4f, 3f, 4f}};

    /** {@code s}, renamed "X (same as Y)" when an earlier series of {@code data} has exactly its points. */
    static XYSeries sameAs(XYSeries s, XYSeriesCollection data) {
        for (int i = 0; i < data.getSeriesCount(); i++) {
            XYSeries other = data.getSeries(i);
            if (other.getItemCount() != s.getItemCount()) continue;
            boolean same = true;
            for (int j = 0; j < s.getItemCount() && same; j++) {
                same = other.getX(j).doubleValue() == s.getX(j).doubleValue() && other.getY(j).doubleValue() == s.getY(j).doubleValue();
            }
            if (same) {
                XYSeries renamed = new XYSeries(s.getKey() + " (same as " + String.valueOf(other.getKey()).replaceFirst(" \\(same as .*\\)$", "") + ")");
                for (int j = 0; j < s.getItemCount(); j++) renamed.add(s.getX(j), s.getY(j));
                return renamed;
            }
        }
        return s;
    }

    private static void save(Path file, JFreeChart chart) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, 680);
    }
}
