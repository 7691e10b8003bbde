package dev.dirtyvram.simulations.tune;

import com.typesafe.config.Config;
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
import dev.dirtyvram.simulations.cluster.Runner;
import dev.dirtyvram.simulations.cluster.WhereOptions;
import dev.dirtyvram.simulations.run.ScenarioRun;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import dev.dirtyvram.simulations.scenario.SettingOptions;
import dev.dirtyvram.simulations.tune.SweepGrid.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Run a scenario over a grid of knobs and seeds (deterministic mode, all cores); "
        + "write sweep.csv, sweep.json and charts; recommend a harvest interval.")
public final class SweepCommand implements Callable<Integer> {
    @Option(names = "--scenario", description = "Built-in scenario or HOCON file (default: default).")
    String scenario;

    @Option(names = "--vary", description = "key=v1,v2,... (repeatable): the grid. 'tlb' means tlb.mode.")
    List<String> vary = new ArrayList<>();

    @Mixin
    SettingOptions set = new SettingOptions();

    @Option(names = "--seeds", description = "Seeds per point (default 3).")
    Integer seeds;

    @Option(names = "--duration", description = "Guest time of each run (default: the scenario's).")
    String duration;

    @Option(names = "--latency-target", description = "Display latency p99 to stay within (default 50ms).")
    String latencyTarget;

    @Option(names = "--resume", paramLabel = "SWEEP_DIR", description = "Continue a sweep that was stopped (SIGINT, SIGKILL, a lost "
            + "coordinator): its plan is read from SWEEP_DIR, the runs it finished are kept (and replayed for their figures), the rest are made.")
    Path resume;


    @Option(names = "--out", defaultValue = "runs", description = "Parent of the sweep's directory (default: runs).")
    Path out;

    @Option(names = "--json", description = "Print the points and the recommendation as JSON.")
    boolean json;

    @Mixin
    WhereOptions where = new WhereOptions();

    @Mixin
    Verbosity verbosity = new Verbosity();

    @Override
    public Integer call() throws Exception {
        Config pekko = verbosity.apply();
        if (resume != null) SweepPlan.read(resume).applyTo(this);
        if (scenario == null) scenario = "default";
        if (seeds == null) seeds = 3;
        if (latencyTarget == null) latencyTarget = "50ms";
        if (seeds < 1 || seeds > 1000) throw new BadInputException("--seeds must be 1..1000, got " + seeds);
        where.check(); // before anything is made or printed
        long targetNs = Options.positiveDuration("--latency-target", latencyTarget);
        List<Setting> settings = set.settings();
        Setting.refuseClash(settings, "--duration", duration, "duration");
        Setting.refuse(settings, "mode", "a sweep runs every point in deterministic mode");
        Setting.refuse(settings, "seed", "a sweep's runs take seeds 1..--seeds");
        SweepGrid sweepGrid = SweepGrid.of(new ScenarioLoader(), scenario, vary, settings, seeds, duration);
        List<Job> grid = sweepGrid.jobs();
        Path sweepDir = resume != null ? resume : createSweepDir();
        Path runsDir = sweepDir.resolve("runs");
        if (resume == null) new SweepPlan(scenario, vary, set.given, seeds, duration, latencyTarget).write(sweepDir);
        PrintLine info = new PrintLine(json);
        info.println("dirtyvram sweep " + sweepDir.getFileName() + ": " + Plural.of(grid.size(), "run") + " ("
                + Plural.of(sweepGrid.points(), "point") + " x " + Plural.of(seeds, "seed") + "), deterministic mode, " + where.describe());

        Progress progress = new Progress(System.err, "sweep", true);
        long t0 = System.nanoTime();
        RunWork.Result[] results = new RunWork.Result[grid.size()];
        int kept = resume == null ? 0 : SweepPlan.finishedRuns(grid, runsDir, pekko, results);
        if (resume != null) info.println("resuming: " + kept + " of " + Plural.of(grid.size(), "run") + " finished before, kept; making the rest");
        Runner.run(plan(grid, results), where.where(runsDir), grid.size(), kept, pekko, progress, resume == null ? sweepDir : null);
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
            rows.add(SweepReport.row(j, d.runId(), s, cost));
            runs.add(new Recommendation.Run(j.series(), j.scenario().cfg().harvestIntervalNs(), s.lostUpdates(),
                    s.latencyP99Ns(), s.latencyP50Ns(), cost, s.cpuPercent(), j.line(), j.x(), s.guestWrites()));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        boolean interrupted = done < grid.size();
        List<Recommendation.Point> points = Recommendation.aggregate(runs);
        if (!rows.isEmpty()) SweepReport.writeCsv(sweepDir.resolve("sweep.csv"), rows);
        List<Path> charts = points.isEmpty() ? List.of() : SweepCharts.write(sweepDir, points, targetNs, sweepGrid.xKey());
        Map<String, Object> result = SweepReport.result(points, targetNs, wall, sweepDir, charts);
        result.put("runsPlanned", grid.size());
        result.put("runsDone", done);
        if (interrupted) result.put("interrupted", true);
        Files.writeString(sweepDir.resolve("sweep.json"), Json.object(result) + "\n", StandardCharsets.UTF_8);
        if (json) System.out.println(Json.object(result));
        else if (!points.isEmpty()) SweepReport.printTables(System.out, points, targetNs, wall, sweepDir, charts);
        if (interrupted) {
            System.err.println("dirtyvram: interrupted: " + done + " of " + Plural.of(grid.size(), "run") + " done; " + sweepDir
                    + " holds their sweep.csv, sweep.json (marked interrupted) and charts");
            return ExitStatus.INTERRUPTED.code;
        }
        return ExitStatus.OK.code;
    }

    /** The grid's runs in order, each kept like a local run; those finished before a resume are not made again. */
    private static Runner.Plan plan(List<Job> grid, RunWork.Result[] results) {
        return new Runner.Plan() {
            private int next;

            @Override
            public synchronized long next() {
                while (next < grid.size() && results[next] != null) next++; // finished before a resume
                if (next >= grid.size() || StopSignal.requested()) return -1; // interrupted: runs not begun are not begun
                return next++;
            }

            @Override
            public Scenario scenario(long id) {
                return grid.get((int) id).scenario();
            }

            @Override
            public boolean judged() {
                return false;
            }

            @Override
            public boolean stillWanted(long id) {
                return true;
            }

            @Override
            public void finished(long id, RunWork.Result r) {
                results[(int) id] = r;
            }

            @Override
            public synchronized boolean exhausted() {
                return next >= grid.size();
            }
        };
    }

    private Path createSweepDir() {
        String name = "sweep-" + scenario.replaceAll("[^A-Za-z0-9_-]", "_") + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return RunDirectory.freshDirectory(out, name);
    }

    /** Progress lines go to stderr when stdout carries JSON. */
    private record PrintLine(boolean toErr) {
        void println(String s) {
            (toErr ? System.err : System.out).println(s);
        }
    }
}
