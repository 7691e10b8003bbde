package dev.dirtyvram.simulations.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sweep figures per point (a series — every varied knob but the interval — at one harvest interval, over its
 * seeds), and the choice: the lowest CPU share of dirty tracking (device model and hypervisor, as a share of one core:
 * the summary's {@code cpuPercent}, the cost {@code fidelity} compares with Xen's figures, and the one the table and the
 * chart show) whose worst p99 latency stays within the target with no lost update on any seed.
 */
public final class Recommendation {
    private Recommendation() {}

    /**
     * One run's figures that the choice and the charts need. {@code line} and {@code x}: where the run goes on a
     * chart (the series without the knob plotted across, and that knob's value as written).
     */
    public record Run(String series, long intervalNs, long lost, long p99Ns, long p50Ns, double costPerSecond, double cpuPercent,
               String line, String x, long stores) {}

    /** A point over its seeds: lost and stores summed, p99 the worst, p50, cost and CPU share the mean. */
    public record Point(String series, long intervalNs, int seeds, long lost, long p99MaxNs, double p50MeanNs, double costPerSecond,
                 double cpuPercent, String line, String x, long stores) {
        /** The share of the point's stores the display never showed. */
        public double lostShare() {
            return stores == 0 ? 0 : (double) lost / stores;
        }

        boolean qualifies(long targetNs) {
            return lost == 0 && p99MaxNs <= targetNs;
        }
    }

    public static List<Point> aggregate(List<Run> runs) {
        Map<String, List<Run>> byPoint = new LinkedHashMap<>();
        for (Run r : runs) byPoint.computeIfAbsent(r.series() + "\u0000" + r.intervalNs(), k -> new ArrayList<>()).add(r);
        List<Point> points = new ArrayList<>();
        for (List<Run> rs : byPoint.values()) {
            Run first = rs.get(0);
            points.add(new Point(first.series(), first.intervalNs(), rs.size(),
                    rs.stream().mapToLong(Run::lost).sum(),
                    rs.stream().mapToLong(Run::p99Ns).max().orElse(0),
                    rs.stream().mapToLong(Run::p50Ns).average().orElse(0),
                    rs.stream().mapToDouble(Run::costPerSecond).average().orElse(0),
                    rs.stream().mapToDouble(Run::cpuPercent).average().orElse(0), first.line(), first.x(),
                    rs.stream().mapToLong(Run::stores).sum()));
        }
        points.sort(Comparator.comparing(Point::series).thenComparingLong(Point::intervalNs));
        return points;
    }

    /** The qualifying point of least CPU share, of one series or of all when {@code series} is null. */
    public static Optional<Point> choose(List<Point> points, long targetNs, String series) {
        return points.stream()
                .filter(p -> series == null || p.series().equals(series))
                .filter(p -> p.qualifies(targetNs))
                .min(Comparator.comparingDouble(Point::cpuPercent).thenComparingLong(Point::intervalNs));
    }
}
