package dev.dirtyvram.simulations.tune;

import com.typesafe.config.Config;
import dev.dirtyvram.actors.cluster.RunCoordinator;
import dev.dirtyvram.actors.cluster.RunWork;
import dev.dirtyvram.domain.driver.StopSignal;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Json;
import dev.dirtyvram.simulations.cli.Options;
import dev.dirtyvram.simulations.cli.Plural;
import dev.dirtyvram.simulations.cli.Progress;
import dev.dirtyvram.simulations.cli.Verbosity;
import dev.dirtyvram.simulations.cluster.ClusterOptions;
import dev.dirtyvram.simulations.cluster.ClusterRuns;
import dev.dirtyvram.simulations.cluster.RunTasks;
import dev.dirtyvram.simulations.run.Report;
import dev.dirtyvram.simulations.run.ScenarioRun;
import dev.dirtyvram.simulations.scenario.Parameters;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Run a scenario over a grid of knobs and seeds (deterministic mode, all cores); "
        + "write sweep.csv, sweep.json and charts; recommend a harvest interval.")
public final class SweepCommand implements Callable<Integer> {
    /** The knobs every CSV row carries, varied or not. */
    static final List<String> KNOBS = List.of("strategy", "harvest.interval", "tlb.mode", "harvest.flush-after-clear",
            "harvest.atomic-clear", "harvest.count-policy", "harvest.sl1ma-version", "harvest.linear-walk-hooks",
            "shadow.set-l1e", "cost.preset", "vcpus", "lfb.pages", "lfb.mfn-layout", "tlb.capacity",
            "guest.workloads", "guest.write-rate", "guest.vm-exit-rate", "duration");
    /** Short names accepted by --vary. */
    static final Map<String, String> ALIASES = Map.of("tlb", "tlb.mode", "interval", "harvest.interval", "flush", "harvest.flush-after-clear");

    @Option(names = "--scenario", defaultValue = "default", description = "Built-in scenario or HOCON file (default: default).")
    String scenario;

    @Option(names = "--vary", description = "key=v1,v2,... (repeatable): the grid. 'tlb' means tlb.mode.")
    List<String> vary = new ArrayList<>();

    @Option(names = "--set", description = "key=value, any configuration key, for every run (repeatable), e.g. journal=jdbc.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds per point (default 3).")
    int seeds;

    @Option(names = "--duration", description = "Guest time of each run (default: the scenario's).")
    String duration;

    @Option(names = "--latency-target", defaultValue = "50ms", description = "Display latency p99 to stay within (default 50ms).")
    String latencyTarget;

    @Option(names = "--jobs", description = "Runs at once (default: one per core).")
    Integer jobs;

    @Option(names = "--out", defaultValue = "runs", description = "Parent of the sweep's directory (default: runs).")
    Path out;

    @Option(names = "--json", description = "Print the points and the recommendation as JSON.")
    boolean json;

    @Option(names = "--cluster", description = "host:port,... of members of a cluster (dirtyvram node): their workers make the runs.")
    String clusterSeeds;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Mixin
    Verbosity verbosity = new Verbosity();

    /** One run of the grid. */
    record Job(Map<String, String> knobs, String series, int seed, Scenario scenario, String line, String x) {}

    /** The knob the charts plot across: the harvest interval when it is varied, else the first knob varied. */
    private String xKey = "harvest.interval";

    @Override
    public Integer call() throws Exception {
        Config pekko = verbosity.apply();
        if (seeds < 1 || seeds > 1000) throw new BadInputException("--seeds must be 1..1000, got " + seeds);
        if (clusterSeeds != null && jobs != null) throw new BadInputException("--jobs is for runs made here; a cluster's members run as many as their own --jobs");
        int parallel = Options.jobs(jobs);
        long targetNs = Options.positiveDuration("--latency-target", latencyTarget);
        if (clusterSeeds != null) ClusterOptions.members(clusterSeeds); // checked before anything is made or printed
        List<Job> grid = grid();
        Path sweepDir = createSweepDir();
        Path runsDir = sweepDir.resolve("runs");
        PrintLine info = new PrintLine(json);
        info.println("dirtyvram sweep " + sweepDir.getFileName() + ": " + Plural.of(grid.size(), "run") + " ("
                + Plural.of(grid.size() / seeds, "point") + " x " + Plural.of(seeds, "seed") + "), deterministic mode, " + (clusterSeeds == null ? parallel + " at once"
                : "on the cluster through " + clusterSeeds));

        Progress progress = new Progress(System.err, "sweep", true);
        long t0 = System.nanoTime();
        RunWork.Result[] results = new RunWork.Result[grid.size()];
        if (clusterSeeds == null) runHere(grid, parallel, runsDir, pekko, progress, results);
        else runOnCluster(grid, pekko, progress, results, sweepDir);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Recommendation.Run> runs = new ArrayList<>();
        int done = 0;
        for (int i = 0; i < grid.size(); i++) {
            Job j = grid.get(i);
            RunWork.Result d = results[i];
            // An interrupted sweep reports the runs it finished; a run cut short is kept, marked, in runs/.
            if (d == null || ScenarioRun.interrupted(d.summary())) continue;
            done++;
            RunSummary s = d.summary();
            double guestSeconds = j.scenario().cfg().durationNs() / 1e9;
            double cost = (s.harvestCostCycles() + s.faultCostCycles()) / guestSeconds;
            rows.add(row(j, d.runId(), s, cost));
            runs.add(new Recommendation.Run(j.series(), j.scenario().cfg().harvestIntervalNs(), s.lostUpdates(),
                    s.latencyP99Ns(), s.latencyP50Ns(), cost, s.cpuPercent(), j.line(), j.x()));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        boolean interrupted = done < grid.size();
        List<Recommendation.Point> points = Recommendation.aggregate(runs);
        if (!rows.isEmpty()) writeCsv(sweepDir.resolve("sweep.csv"), rows);
        List<Path> charts = points.isEmpty() ? List.of() : SweepCharts.write(sweepDir, points, targetNs, xKey);
        Map<String, Object> result = result(points, targetNs, wall, sweepDir, charts);
        result.put("runsPlanned", grid.size());
        result.put("runsDone", done);
        if (interrupted) result.put("interrupted", true);
        Files.writeString(sweepDir.resolve("sweep.json"), Json.object(result) + "\n", StandardCharsets.UTF_8);
        if (json) System.out.println(Json.object(result));
        else if (!points.isEmpty()) printTables(points, targetNs, wall, sweepDir, charts);
        if (interrupted) {
            System.err.println("dirtyvram: interrupted: " + done + " of " + Plural.of(grid.size(), "run") + " done; " + sweepDir
                    + " holds their sweep.csv, sweep.json (marked interrupted) and charts");
            return ExitStatus.INTERRUPTED.code;
        }
        return ExitStatus.OK.code;
    }

    /** Every run in this process, {@code parallel} at once; stops beginning runs on SIGINT. */
    private static void runHere(List<Job> grid, int parallel, Path runsDir, Config pekko, Progress progress,
                                RunWork.Result[] results) throws InterruptedException {
        AtomicInteger finished = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < grid.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    if (StopSignal.requested()) return; // interrupted: runs not begun are not begun
                    results[index] = RunTasks.kept(grid.get(index).scenario(), runsDir, pekko);
                    progress.accept((double) finished.incrementAndGet() / grid.size());
                }));
            }
            for (Future<?> f : futures) f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BadInputException b) throw b;
            throw new IllegalStateException("a run of the sweep failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every run on the cluster's workers, in grid order as they ask; a run lost with its member is made again elsewhere. */
    private void runOnCluster(List<Job> grid, Config pekko, Progress progress, RunWork.Result[] results, Path sweepDir) {
        RunCoordinator.Plan plan = new RunCoordinator.Plan() {
            int next;

            @Override
            public RunCoordinator.Task next() {
                if (next >= grid.size() || StopSignal.requested()) return null;
                int i = next++;
                return new RunCoordinator.Task(i, grid.get(i).scenario().render(), false);
            }

            @Override
            public boolean stillWanted(RunCoordinator.Task t) {
                return true;
            }

            @Override
            public void finished(RunCoordinator.Task t, RunWork.Result r) {
                results[(int) t.id()] = r;
            }

            @Override
            public boolean exhausted() {
                return next >= grid.size();
            }
        };
        ClusterRuns.coordinate(cluster.settings(0, ClusterOptions.members(clusterSeeds)), plan, grid.size(), pekko, progress, sweepDir);
    }

    /** Every combination of the --vary values, times the seeds, each resolved (and so checked) before any runs. */
    List<Job> grid() {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String v : vary) {
            int eq = v.indexOf('=');
            if (eq <= 0 || eq == v.length() - 1) throw new BadInputException("--vary takes key=v1,v2,..., got '" + v + "'");
            String key = ALIASES.getOrDefault(v.substring(0, eq).trim(), v.substring(0, eq).trim());
            if (key.equals("seed")) throw new BadInputException("--vary seed: use --seeds");
            if (key.equals("mode")) throw new BadInputException("--vary mode: a sweep runs every point in deterministic mode");
            if (key.equals("duration")) {
                throw new BadInputException("--vary duration: a sweep compares designs over one run length (give it with --duration)");
            }
            List<String> values = new ArrayList<>();
            for (String x : v.substring(eq + 1).split(",")) {
                if (x.isBlank()) continue;
                if (values.contains(x.trim())) throw new BadInputException("--vary " + key + " lists " + x.trim() + " twice");
                values.add(x.trim());
            }
            if (axes.put(key, values) != null) throw new BadInputException("--vary " + key + " given twice");
        }
        if (!axes.containsKey("harvest.interval") && !axes.isEmpty()) xKey = axes.keySet().iterator().next();
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (var axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String value : axis.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), value);
                    next.add(m);
                }
            }
            combos = next;
        }
        ScenarioLoader loader = new ScenarioLoader();
        List<Job> jobs = new ArrayList<>();
        for (Map<String, String> combo : combos) {
            String series = describe(combo, "harvest.interval");
            String line = describe(combo, xKey);
            for (int seed = 1; seed <= seeds; seed++) {
                List<String> overrides = new ArrayList<>(sets);
                combo.forEach((k, v) -> overrides.add(k + "=" + quoteIfWord(v)));
                overrides.add("seed=" + seed);
                overrides.add("mode=deterministic");
                if (duration != null) overrides.add("duration=" + duration);
                Scenario sc = loader.load(scenario, overrides);
                String x = combo.containsKey(xKey) ? combo.get(xKey) : Parameters.ms(sc.cfg().harvestIntervalNs());
                jobs.add(new Job(combo, series, seed, sc, line, x));
            }
        }
        return jobs;
    }

    /** The knobs of a combination but {@code except}, as a series name ("all" when none is left). */
    private static String describe(Map<String, String> combo, String except) {
        StringBuilder b = new StringBuilder();
        for (var e : combo.entrySet()) {
            if (e.getKey().equals(except)) continue;
            b.append(b.length() == 0 ? "" : " ").append(e.getKey().equals("strategy") ? e.getValue() : e.getKey() + "=" + e.getValue());
        }
        return b.length() == 0 ? "all" : b.toString();
    }

    /** Strategy ids like linear-walk are not HOCON numbers or durations: quote plain words. */
    private static String quoteIfWord(String v) {
        return v.matches("[A-Za-z][A-Za-z0-9_-]*") && !v.matches("on|off|true|false") ? "\"" + v + "\"" : v;
    }

    private Path createSweepDir() {
        String name = "sweep-" + scenario.replaceAll("[^A-Za-z0-9_-]", "_") + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return RunDirectory.freshDirectory(out, name);
    }

    /** Every knob, then the run's summary exactly as summary.json has it (latencies in ms). */
    private static Map<String, Object> row(Job j, String runId, RunSummary s, double costPerSecond) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String k : KNOBS) row.put(k, j.scenario().resolved().getValue(k).unwrapped().toString());
        row.put("series", j.series());
        row.putAll(Report.fields(runId, j.scenario(), s, null));
        row.put("costPerSecond", costPerSecond);
        return row;
    }

    private static void writeCsv(Path file, List<Map<String, Object>> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(rows.get(0).keySet().toArray(String[]::new)).get())) {
            for (Map<String, Object> r : rows) csv.printRecord(r.values());
        }
    }

    private static Map<String, Object> result(List<Recommendation.Point> points, long targetNs, double wall, Path dir, List<Path> charts) {
        List<Map<String, Object>> ps = new ArrayList<>();
        for (Recommendation.Point p : points) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("series", p.series());
            m.put("intervalMs", p.intervalNs() / 1e6);
            m.put("seeds", p.seeds());
            m.put("lostUpdates", p.lost());
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
                "costPerSecond", p.costPerSecond(), "latencyP99MaxMs", p.p99MaxNs() / 1e6)).orElse(null));
        out.put("charts", charts.stream().map(Path::toString).toList());
        return out;
    }

    private static void printTables(List<Recommendation.Point> points, long targetNs, double wall, Path dir, List<Path> charts) {
        String last = null;
        for (Recommendation.Point p : points) {
            if (!p.series().equals(last)) {
                last = p.series();
                System.out.println();
                System.out.println(p.series());
                System.out.printf(Locale.ROOT, "  %10s %8s %12s %12s %16s  %s%n", "interval", "lost", "p99 max ms", "p50 mean ms", "cost cycles/s",
                        "p99 <= " + Parameters.ms(targetNs) + ", none lost");
            }
            System.out.printf(Locale.ROOT, "  %10s %8d %12.3f %12.3f %16.0f  %s%n", Parameters.ms(p.intervalNs()), p.lost(),
                    p.p99MaxNs() / 1e6, p.p50MeanNs() / 1e6, p.costPerSecond(), p.qualifies(targetNs) ? "yes" : "no");
            Optional<Recommendation.Point> own = Recommendation.choose(points, targetNs, p.series());
            boolean lastOfSeries = points.indexOf(p) == points.size() - 1 || !points.get(points.indexOf(p) + 1).series().equals(p.series());
            if (lastOfSeries) {
                System.out.println(own.map(b -> "  best for " + b.series() + ": " + Parameters.ms(b.intervalNs()))
                        .orElse("  no interval of " + p.series() + " keeps p99 within " + Parameters.ms(targetNs) + " with zero lost updates"));
            }
        }
        System.out.println();
        Optional<Recommendation.Point> best = Recommendation.choose(points, targetNs, null);
        System.out.println(best.map(b -> String.format(Locale.ROOT,
                        "recommendation: %s at a %s harvest interval: %.0f cycles per guest second, p99 %.3f ms (target %s), no lost update on any seed",
                        b.series(), Parameters.ms(b.intervalNs()), b.costPerSecond(), b.p99MaxNs() / 1e6, Parameters.ms(targetNs)))
                .orElse("recommendation: none qualifies: no configuration keeps latency p99 within " + Parameters.ms(targetNs)
                        + " with zero lost updates on every seed"));
        System.out.printf(Locale.ROOT, "wrote %s (sweep.csv, sweep.json, %d charts) in %.1f s%n", dir, charts.size(), wall);
    }

    /** Progress lines go to stderr when stdout carries JSON. */
    private record PrintLine(boolean toErr) {
        void println(String s) {
            (toErr ? System.err : System.out).println(s);
        }
    }
}
