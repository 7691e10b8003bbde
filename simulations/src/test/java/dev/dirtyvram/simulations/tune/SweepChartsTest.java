package dev.dirtyvram.simulations.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

/** What the sweep's charts show, read off their model (the PNG is drawn from it). */
class SweepChartsTest {
    private static Recommendation.Run run(String series, long intervalMs, long lost, long p99Ms) {
        return new Recommendation.Run(series, intervalMs * 1_000_000L, lost, p99Ms * 1_000_000L, p99Ms * 500_000L, 1000.0, 0.5, series,
                intervalMs + "ms", 1000);
    }

    @Test
    void coincidingSeriesSayItAndPointsThatLostUpdatesAreMarkedApart() {
        List<Recommendation.Run> runs = new ArrayList<>();
        for (long ms : new long[] {10, 30}) {
            runs.add(run("linear-walk", ms, 0, ms));
            runs.add(run("sl1ma", ms, 0, ms));          // the same latencies as linear-walk
            runs.add(run("svm-no-flush", ms, 500, 5));  // lost updates, and so a low p99 of the stores it showed
        }
        List<Recommendation.Point> points = Recommendation.aggregate(runs);
        JFreeChart c = SweepCharts.latencyChart(points, 50_000_000L, SweepCharts.XAxis.of("harvest.interval", points), "harvest.interval");
        XYSeriesCollection data = (XYSeriesCollection) c.getXYPlot().getDataset();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < data.getSeriesCount(); i++) keys.add(String.valueOf(data.getSeriesKey(i)));
        assertEquals(List.of("linear-walk", "sl1ma (same as linear-walk)", "svm-no-flush", SweepCharts.LOST_POINTS), keys);
        assertEquals(2, data.getSeries(3).getItemCount(), "both points of the series that lost updates are ringed");
        assertEquals(5.0, data.getSeries(3).getY(0).doubleValue());
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) c.getXYPlot().getRenderer();
        assertNotEquals(r.getSeriesShape(0), r.getSeriesShape(1), "markers differ");
        assertNotEquals(r.getSeriesStroke(0), r.getSeriesStroke(1), "dashes differ");
    }
}
