package dev.dirtyvram.simulations;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The sweep's PNG charts: one line per series against the harvest interval. */
final class SweepCharts {
    static final String LATENCY = "latency-p99.png";
    static final String COST = "cost.png";
    static final String LOST = "lost-updates.png";

    private SweepCharts() {}

    /** Writes the charts; the lost-updates chart only when some run lost an update. Returns the files written. */
    static List<Path> write(Path dir, List<Recommendation.Point> points, long targetNs) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path latency = dir.resolve(LATENCY);
        save(latency, chart("Display latency p99 (worst over seeds) against harvest interval", "latency p99 (ms)",
                points, p -> p.p99MaxNs() / 1e6));
        Path cost = dir.resolve(COST);
        JFreeChart costChart = chart("Harvest cost per second of guest time against harvest interval",
                "cost-model cycles per guest second", points, Recommendation.Point::costPerSecond);
        if (points.stream().allMatch(p -> p.costPerSecond() > 0)) {
            // Strategies differ by orders of magnitude (memcmp against the rest): a log scale shows them all.
            costChart.getXYPlot().setRangeAxis(new LogAxis("cost-model cycles per guest second (log scale)"));
        }
        save(cost, costChart);
        if (points.stream().anyMatch(p -> p.lost() > 0)) {
            Path lost = dir.resolve(LOST);
            save(lost, chart("Lost updates (all seeds) against harvest interval", "lost updates", points, p -> p.lost()));
            return List.of(latency, cost, lost);
        }
        return List.of(latency, cost);
    }

    private static JFreeChart chart(String title, String yLabel, List<Recommendation.Point> points,
                                    ToDoubleFunction<Recommendation.Point> y) {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (Recommendation.Point p : points) {
            series.computeIfAbsent(p.series(), XYSeries::new).add(p.intervalNs() / 1e6, y.applyAsDouble(p));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart c = ChartFactory.createXYLineChart(title, "harvest interval (ms)", yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = c.getXYPlot();
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        return c;
    }

    private static void save(Path file, JFreeChart chart) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 620);
    }
}
