package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.simulations.tune.Recommendation;
import java.util.List;
import org.junit.jupiter.api.Test;
/** The recommendation on hand-made figures. */
class RecommendationTest {
    private static final long MS = 1_000_000L;

    private static Recommendation.Run run(String series, long intervalMs, long lost, long p99Ms, double cost) {
        return new Recommendation.Run(series, intervalMs * MS, lost, p99Ms * MS, p99Ms * MS / 2, cost, cost / 100, series, intervalMs + "ms", 1000);
    }

    @Test
    void aggregatesSeedsConservatively() {
        List<Recommendation.Point> points = Recommendation.aggregate(List.of(
                run("a", 30, 0, 20, 100), run("a", 30, 2, 40, 300), run("a", 10, 0, 9, 500)));
        assertEquals(2, points.size());
        Recommendation.Point p30 = points.get(1);
        assertEquals(30 * MS, p30.intervalNs(), "sorted by interval within a series");
        assertEquals(2, p30.seeds());
        assertEquals(2, p30.lost(), "lost summed over seeds");
        assertEquals(40 * MS, p30.p99MaxNs(), "the worst p99");
        assertEquals(200.0, p30.costPerSecond(), 1e-9, "the mean cost");
        assertEquals(2 / 2000.0, p30.lostShare(), 1e-12, "the share of the point's stores lost, beside the p99 of those shown");
    }

    @Test
    void picksTheCheapestPointWithinTheTargetAndNoLoss() {
        List<Recommendation.Point> points = Recommendation.aggregate(List.of(
                run("walk", 10, 0, 10, 900), run("walk", 30, 0, 30, 300), run("walk", 100, 0, 99, 90),
                run("memcmp", 30, 0, 29, 70_000), run("noflush", 50, 5, 45, 10)));
        Recommendation.Point best = Recommendation.choose(points, 50 * MS, null).orElseThrow();
        assertEquals("walk", best.series());
        assertEquals(30 * MS, best.intervalNs(), "100 ms is cheaper but too slow; noflush is cheapest but loses");
        assertEquals(30 * MS, Recommendation.choose(points, 50 * MS, "memcmp").orElseThrow().intervalNs());
        assertEquals(100 * MS, Recommendation.choose(points, 100 * MS, "walk").orElseThrow().intervalNs());
    }

    @Test
    void saysSoWhenNothingQualifies() {
        List<Recommendation.Point> points = Recommendation.aggregate(List.of(run("a", 100, 0, 99, 1), run("b", 10, 1, 9, 1)));
        assertTrue(Recommendation.choose(points, 50 * MS, null).isEmpty());
    }
}
