package dev.dirtyvram.simulations.tune;

import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.simulations.cli.Plural;
import dev.dirtyvram.simulations.run.SummaryTable;
import dev.dirtyvram.simulations.scenario.Parameters;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** What a sweep writes and prints: a CSV row per run, the points and recommendation as JSON, a table per series. */
public final class SweepReport {
    /** The knobs every CSV row carries, varied or not. */
    static final List<String> KNOBS = List.of("strategy", "harvest.interval", "tlb.mode", "harvest.flush-after-clear",
            "harvest.atomic-clear", "harvest.count-policy", "harvest.sl1ma-version", "harvest.linear-walk-hooks",
            "shadow.set-l1e", "cost.preset", "vcpus", "lfb.pages", "lfb.mfn-layout", "tlb.capacity",
            "guest.workloads", "guest.write-rate", "guest.vm-exit-rate", "duration");

    private SweepReport() {}

    /** Every knob, then the run's summary exactly as summary.json has it (latencies in ms). */
    static Map<String, Object> row(SweepGrid.Job j, String runId, RunSummary s, double costPerSecond) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String k : KNOBS) row.put(k, j.scenario().resolved().getValue(k).unwrapped().toString());
        row.put("series", j.series());
        row.putAll(SummaryTable.fields(runId, j.scenario(), s, null));
        row.put("costPerSecond", costPerSecond);
        return row;
    }

    /** The rows as CSV; numbers as plain decimals (13146767, not 1.3146767E7), as a spreadsheet or a reader takes them. */
    static void writeCsv(Path file, List<Map<String, Object>> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(rows.get(0).keySet().toArray(String[]::new)).get())) {
            for (Map<String, Object> r : rows) {
                List<Object> values = new ArrayList<>();
                for (Object v : r.values()) values.add(plain(v));
                csv.printRecord(values);
            }
        }
    }

    static Object plain(Object v) {
        if (v instanceof Double d && Double.isFinite(d)) return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        if (v instanceof Float f && Float.isFinite(f)) return new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
        return v;
    }

    static Map<String, Object> result(List<Recommendation.Point> points, long targetNs, double wall, Path dir, List<Path> charts) {
        List<Map<String, Object>> ps = new ArrayList<>();
        for (Recommendation.Point p : points) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("series", p.series());
            m.put("intervalMs", p.intervalNs() / 1e6);
            m.put("seeds", p.seeds());
            m.put("lostUpdates", p.lost());
            m.put("lostShare", p.lostShare());
            m.put("latencyP99MaxMs", p.p99MaxNs() / 1e6);
            m.put("latencyP50MeanMs", p.p50MeanNs() / 1e6);
            m.put("costPerSecond", p.costPerSecond());
            m.put("cpuPercent", p.cpuPercent());
            m.put("qualifies", p.qualifies(targetNs));
            ps.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sweepDir", dir.toString());
        out.put("latencyTargetMs", targetNs / 1e6);
        out.put("wallSeconds", wall);
        out.put("points", ps);
        Optional<Recommendation.Point> best = Recommendation.choose(points, targetNs, null);
        out.put("recommendation", best.map(p -> (Object) Map.of("series", p.series(), "intervalMs", p.intervalNs() / 1e6,
                "cpuPercent", p.cpuPercent(), "costPerSecond", p.costPerSecond(), "latencyP99MaxMs", p.p99MaxNs() / 1e6)).orElse(null));
        out.put("charts", charts.stream().map(Path::toString).toList());
        return out;
    }

    /** A table per series with its best interval, then the recommendation and where the files are. */
    static void printTables(PrintStream out, List<Recommendation.Point> points, long targetNs, double wall, Path dir, List<Path> charts) {
        String last = null;
        for (int i = 0; i < points.size(); i++) {
            Recommendation.Point p = points.get(i);
            if (!p.series().equals(last)) {
                last = p.series();
                out.println();
                out.println(p.series());
                out.printf(Locale.ROOT, "  %10s %8s %8s %14s %12s %14s  %s%n", "interval", "lost", "lost %", "p99 max ms (a)", "p50 mean ms",
                        "CPU % (b)", "p99 <= " + Parameters.ms(targetNs) + ", none lost");
            }
            out.printf(Locale.ROOT, "  %10s %8d %8.2f %14.3f %12.3f %14.3f  %s%n", Parameters.ms(p.intervalNs()), p.lost(),
                    100 * p.lostShare(), p.p99MaxNs() / 1e6, p.p50MeanNs() / 1e6, p.cpuPercent(), p.qualifies(targetNs) ? "yes" : "no");
            boolean lastOfSeries = i == points.size() - 1 || !points.get(i + 1).series().equals(p.series());
            if (lastOfSeries) {
                Optional<Recommendation.Point> own = Recommendation.choose(points, targetNs, p.series());
                out.println(own.map(b -> "  best for " + b.series() + ": " + Parameters.ms(b.intervalNs()))
                        .orElse("  no interval of " + p.series() + " keeps p99 within " + Parameters.ms(targetNs) + " with zero lost updates"));
            }
        }
        out.println();
        out.println("(a) of the stores the display showed: a point that lost updates leaves those out (its lost count is beside it)");
        out.println("(b) CPU share of dirty tracking, device model and hypervisor, % of one core (cpuPercent; fidelity's figure; cpu-share.png)");
        Optional<Recommendation.Point> best = Recommendation.choose(points, targetNs, null);
        out.println(best.map(b -> String.format(Locale.ROOT,
                        "recommendation: %s at a %s harvest interval: %.3f %% of one core, p99 %.3f ms (target %s), no lost update on any seed",
                        b.series(), Parameters.ms(b.intervalNs()), b.cpuPercent(), b.p99MaxNs() / 1e6, Parameters.ms(targetNs)))
                .orElse("recommendation: none qualifies: no configuration keeps latency p99 within " + Parameters.ms(targetNs)
                        + " with zero lost updates on every seed"));
        out.printf(Locale.ROOT, "wrote %s (sweep.csv, sweep.json, %s) in %.1f s%n", dir, Plural.of(charts.size(), "chart"), wall);
    }
}
