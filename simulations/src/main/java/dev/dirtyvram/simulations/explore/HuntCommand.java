package dev.dirtyvram.simulations.explore;

import com.typesafe.config.Config;
import dev.dirtyvram.actors.cluster.RunWork;
import dev.dirtyvram.domain.config.SchedulePolicy;
import dev.dirtyvram.domain.driver.StopSignal;
import dev.dirtyvram.domain.oracle.Coverage;
import dev.dirtyvram.domain.oracle.FailureSignature;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Json;
import dev.dirtyvram.simulations.cli.Options;
import dev.dirtyvram.simulations.cli.Plural;
import dev.dirtyvram.simulations.cli.Progress;
import dev.dirtyvram.simulations.cli.Verbosity;
import dev.dirtyvram.simulations.cluster.RunTasks;
import dev.dirtyvram.simulations.cluster.Runner;
import dev.dirtyvram.simulations.cluster.WhereOptions;
import dev.dirtyvram.simulations.explore.HuntTally.Outcome;
import dev.dirtyvram.simulations.explore.HuntTally.Tally;
import dev.dirtyvram.simulations.run.JudgedRun;
import dev.dirtyvram.simulations.run.ScenarioRun;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import dev.dirtyvram.simulations.scenario.SettingOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
/**
 * Searches schedules for violations nobody scripted: runs seeds derived from a root seed (each with the scheduling
 * policy its turn gives), and groups the failing runs by signature (violation, cause), as the explainer names them.
 * Each distinct failure is saved as a normal run directory with its repeat command.
 */
@Command(name = "hunt", mixinStandardHelpOptions = true,
        description = "Run many seeds of a scenario under a scheduling policy and report every kind of lost or late update found.")
public final class HuntCommand implements Callable<Integer> {
    @Option(names = "--scenario", description = "Built-in name or a HOCON file (default: default).")
    String scenario;

    @Mixin
    SettingOptions set = new SettingOptions();

    @Option(names = "--policy", description = "portfolio (default), uniform, pct or pos.")
    String policy;

    @Option(names = "--runs", description = "Runs to make (default 100 unless --time is given).")
    Integer runs;

    @Option(names = "--time", description = "Hunt for this long instead, e.g. 10m or 30s.")
    String time;


    @Option(names = "--stop-at-first", description = "Stop at the first failing run.")
    boolean stopAtFirst;

    @Option(names = "--swarm", description = "on (default): each run draws its VCPUs, pages, TLB size, rates, workloads, scheduling window, "
            + "burst and walk chunk, and scripted events from the scenario's swarm envelope (swarm.* keys narrow it), all from its seed; "
            + "off: every run has the scenario's configuration, its seed alone differs.")
    String swarm;

    @Option(names = "--keep-all", description = "Keep every run, passing ones too, as a run directory under the hunt's runs/ "
            + "(made again with the journal the configuration asks for; by default only each signature's first failure is kept).")
    boolean keepAll;

    @Option(names = "--mode", description = "reference (default) or deterministic.")
    String mode;

    @Option(names = "--seed", description = "The root seed: the same root finds the same failures (default 1).")
    Long root;

    @Option(names = "--resume", paramLabel = "HUNT_DIR", description = "Continue a hunt that was stopped (SIGINT, SIGKILL, a lost "
            + "coordinator): its plan is read from HUNT_DIR, the runs it finished are kept, the rest are made.")
    Path resume;

    @Option(names = "--out", description = "Where the hunt's directory goes (default: runs; with --resume, beside the hunt's).")
    Path out;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Mixin
    WhereOptions where = new WhereOptions();

    @Mixin
    Verbosity verbosity = new Verbosity();

    @Override
    public Integer call() throws Exception {
        Config pekko = verbosity.apply();
        HuntPlan plan = resume == null ? null : HuntPlan.read(resume);
        if (plan != null) plan.applyTo(this);
        if (scenario == null) scenario = "default";
        if (policy == null) policy = "portfolio";
        if (mode == null) mode = "reference";
        if (root == null) root = 1L;
        if (swarm == null) swarm = "on";
        if (!List.of("on", "off").contains(swarm)) throw new BadInputException("--swarm must be on or off, got '" + swarm + "'");
        if (out == null) out = resume != null && resume.toAbsolutePath().getParent() != null ? resume.toAbsolutePath().getParent() : Path.of("runs");
        SchedulePolicy chosen;
        try {
            chosen = SchedulePolicy.parse(policy);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--policy: " + e.getMessage());
        }
        where.check(); // before anything is made
        settings = set.settings();
        Setting.refuse(settings, "mode", "give it with --mode");
        Setting.refuse(settings, "seed", "a hunt's runs take seeds derived from --seed");
        Setting.refuse(settings, "schedule.policy", "give it with --policy");
        if (!List.of("reference", "deterministic").contains(mode)) throw new BadInputException("--mode must be reference or deterministic, got '" + mode + "'");
        if (runs != null && time != null) throw new BadInputException("--runs and --time exclude each other");
        if (runs != null && (runs < 1 || runs > 10_000_000)) throw new BadInputException("--runs must be 1..10000000, got " + runs);
        long deadline = time == null ? Long.MAX_VALUE : System.nanoTime() + Options.positiveDuration("--time", time);
        int total = time == null ? (runs == null ? 100 : runs) : Integer.MAX_VALUE;
        if (where.onCluster() && keepAll) throw new BadInputException("--keep-all keeps runs made here: a cluster's members keep none of a hunt's runs");
        ScenarioLoader loader = new ScenarioLoader();
        Scenario base = loader.load(scenario, overrides(0, chosen));
        Path huntDir = resume != null ? resume : RunDirectory.freshDirectory(out, "hunt-" + base.name() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (plan != null) {
            pctSteps = plan.pctSteps();
        } else {
            learnPctSteps(loader, pekko, base, chosen, huntDir.resolve("scratch"));
            new HuntPlan(scenario, set.given, policy, mode, root, runs, time, stopAtFirst, pctSteps, swarm).write(huntDir);
        }
        HuntPlan.Outcomes log = HuntPlan.outcomes(huntDir);
        resolvedRuns = loader.load(scenario, overrides(0, chosen));
        if (swarm.equals("on")) {
            try {
                runOf(loader, chosen, seedOf(root, 0)); // a bad envelope is one line now, not an error in a worker
            } catch (BadInputException e) {
                throw new BadInputException("swarm: " + BadInputException.firstLine(e));
            } catch (RuntimeException e) {
                throw new BadInputException("swarm: the envelope (swarm.*) cannot be drawn from: " + BadInputException.firstLine(e));
            }
        }

        long t0 = System.nanoTime();
        Progress progress = new Progress(System.err, "hunt " + base.name(), !json && time == null);
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>(log.done()));
        if (plan != null) {
            (json ? System.err : System.out).println("resuming " + huntDir + ": " + Plural.of(log.done().size(), "run") + " done before, kept");
        }
        // A resumed --stop-at-first hunt still makes the runs below the first failure it logged (in flight when it stopped).
        int firstLogged = HuntTally.firstFailing(log.done());
        if (stopAtFirst) total = Math.min(total, firstLogged);
        try {
            Runner.run(plan(loader, pekko, chosen, total, deadline, outcomes, huntDir, log), where.where(huntDir), time == null ? total : -1,
                    log.done().size(), pekko, progress, resume == null ? huntDir : null);
        } finally {
            log.close();
        }
        List<Outcome> done = new ArrayList<>(outcomes);
        done.sort(Comparator.comparingInt(Outcome::index));
        if (stopAtFirst) {
            // Only what an in-order hunt would have run: up to the first failure.
            int firstFail = HuntTally.firstFailing(done);
            done.removeIf(o -> o.index() > firstFail);
        }
        Map<FailureSignature, Tally> tallies = HuntTally.of(done);
        for (var e : tallies.entrySet()) e.getValue().runDir = save(loader, pekko, e.getValue().first, chosen, out).toAbsolutePath().toString();
        double wall = (System.nanoTime() - t0) / 1e9;
        long[] coverage = HuntTally.coverage(done);
        Map<String, Object> result = result(base, chosen, done, tallies, coverage, wall, huntDir);
        Files.writeString(huntDir.resolve("hunt.json"), Json.object(result) + "\n", StandardCharsets.UTF_8);
        writeCsv(huntDir.resolve("hunt.csv"), done);
        if (json) {
            System.out.println(Json.object(result));
        } else {
            print(base, done, tallies, coverage, wall, huntDir);
        }
        return tallies.isEmpty() ? ExitStatus.OK.code : ExitStatus.VIOLATION.code;
    }

    /**
     * The hunt's runs resolved once (with what calibration learned): each differs from it by its seed alone, or in a
     * swarm by what its seed draws from this configuration's envelope and duration.
     */
    private Scenario resolvedRuns;

    /** The user's --set, parsed. */
    private List<Setting> settings;

    /** Run {@code seed} of the hunt. */
    private Scenario runOf(ScenarioLoader loader, SchedulePolicy chosen, long seed) {
        return swarm.equals("off") ? resolvedRuns.withSeed(seed) : loader.load(scenario, runOverrides(seed, chosen));
    }

    /** What makes run {@code seed}: in a swarm its draws first (a --set of the user's wins over the envelope), then the hunt's. */
    private List<Setting> runOverrides(long seed, SchedulePolicy chosen) {
        List<Setting> o = new ArrayList<>();
        if (swarm.equals("on")) {
            o.addAll(Swarm.draw(seed, resolvedRuns.resolved().getConfig("swarm"), mode.equals("deterministic"), resolvedRuns.cfg().durationNs()));
        }
        o.addAll(overrides(seed, chosen));
        return o;
    }

    /** The i-th seed of a root: a fixed sequence, whatever the number of jobs. */
    public static long seedOf(long root, int i) {
        return new SplittableRandom(root ^ (0x9E3779B97F4A7C15L * (i + 1))).nextLong() & Long.MAX_VALUE;
    }

    /** PCT's run length the hunt learned before its runs (0: none), kept in every run it makes and saves. */
    private long pctSteps;

    /**
     * PCT puts its change points among a run's scheduling choices, of which there are far fewer than steps: unless
     * the user set {@code schedule.pct-steps}, one uniform calibration run of the root seed counts them (Burckhardt
     * et al. learn k from earlier runs the same way), so the same root learns the same k.
     */
    private void learnPctSteps(ScenarioLoader loader, Config pekko, Scenario base, SchedulePolicy chosen, Path scratch) {
        if ((chosen != SchedulePolicy.PCT && chosen != SchedulePolicy.PORTFOLIO) || base.cfg().schedule().pctSteps() > 0) return;
        Scenario calibration = loader.load(scenario, overrides(root, SchedulePolicy.UNIFORM));
        int k = JudgedRun.of(calibration, pekko, scratch).choices().length;
        pctSteps = Math.max(1, k);
    }

    private List<Setting> overrides(long seed, SchedulePolicy p) {
        List<Setting> o = new ArrayList<>(settings);
        if (pctSteps > 0) o.add(Setting.of("schedule.pct-steps", pctSteps));
        o.add(Setting.of("seed", seed));
        o.add(Setting.of("schedule.policy", p.id()));
        o.add(Setting.of("mode", mode));
        o.add(SavedFailure.JOURNAL_OFF);
        return o;
    }

    /**
     * The hunt's runs in index order, here or on a cluster. After the first failure (with --stop-at-first) no run
     * starts, and on a cluster only runs below it are still made (those lost with a member too), as an in-order hunt
     * would. A run kept with --keep-all is made again with its journal, by the worker that found it passing.
     */
    private Runner.Plan plan(ScenarioLoader loader, Config pekko, SchedulePolicy chosen, int total, long deadline,
                             List<Outcome> outcomes, Path huntDir, HuntPlan.Outcomes log) {
        return new Runner.Plan() {
            private int next;
            private long firstFail = Long.MAX_VALUE;

            @Override
            public synchronized long next() {
                while (next < total && log.isDone(next)) next++; // made before a resume
                if (exhausted()) return -1;
                return next++;
            }

            @Override
            public Scenario scenario(long id) {
                return runOf(loader, chosen, seedOf(root, (int) id));
            }

            @Override
            public boolean judged() {
                return true;
            }

            @Override
            public synchronized boolean stillWanted(long id) {
                return id < firstFail;
            }

            @Override
            public void finished(long id, RunWork.Result r) {
                Outcome o = outcome((int) id, seedOf(root, (int) id), chosen, r);
                outcomes.add(o);
                log.add(o);
                if (keepAll && !o.failed()) save(loader, pekko, o, chosen, huntDir.resolve("runs")); // failures: below, once a signature
                if (o.failed() && stopAtFirst) {
                    synchronized (this) {
                        firstFail = Math.min(firstFail, id);
                    }
                }
            }

            @Override
            public synchronized boolean exhausted() {
                return next >= total || firstFail != Long.MAX_VALUE || StopSignal.requested() || System.nanoTime() >= deadline;
            }
        };
    }

    /** Run {@code i} of the hunt, from what it found. */
    private static Outcome outcome(int i, long seed, SchedulePolicy chosen, RunWork.Result r) {
        return new Outcome(i, seed, chosen.forSeed(seed), r.summary().lostUpdates(), r.summary().lateReports(), RunTasks.signatures(r),
                r.situations());
    }

    /** A run of the hunt again, as a normal run directory under {@code where} (journaled in deterministic mode). */
    private Path save(ScenarioLoader loader, Config pekko, Outcome first, SchedulePolicy chosen, Path where) {
        List<Setting> o = runOverrides(first.seed(), chosen);
        o.remove(SavedFailure.JOURNAL_OFF);
        Scenario s = loader.load(scenario, o);
        RunDirectory dir = ScenarioRun.prepare(s, where);
        ScenarioRun.execute(s, dir, pekko, null);
        return dir.root();
    }

    private Map<String, Object> result(Scenario base, SchedulePolicy chosen, List<Outcome> done, Map<FailureSignature, Tally> tallies,
                                       long[] coverage, double wall, Path huntDir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", base.name());
        m.put("mode", mode);
        m.put("policy", chosen.id());
        m.put("rootSeed", root);
        m.put("swarm", swarm.equals("on"));
        if (pctSteps > 0) m.put("pctSteps", pctSteps);
        m.put("runs", done.size());
        m.put("failingRuns", done.stream().filter(Outcome::failed).count());
        m.put("wallSeconds", wall);
        m.put("runsPerSecond", wall > 0 ? done.size() / wall : 0.0);
        List<Map<String, Object>> sigs = new ArrayList<>();
        for (var e : tallies.entrySet()) {
            Tally t = e.getValue();
            double[] ci = HuntTally.wilson(t.failingRuns, done.size());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("kind", e.getKey().violation().id);
            s.put("cause", e.getKey().cause().id);
            s.put("failingRuns", t.failingRuns);
            s.put("rate", (double) t.failingRuns / done.size());
            s.put("rateLow", ci[0]);
            s.put("rateHigh", ci[1]);
            s.put("runsToFirstFailure", t.first.index() + 1);
            s.put("firstFailingSeed", t.first.seed());
            s.put("firstFailingPolicy", t.first.policy().id());
            s.put("runDir", t.runDir);
            s.put("repeat", "./dirtyvram run --scenario " + t.runDir + "/" + RunDirectory.CONFIG);
            sigs.add(s);
        }
        m.put("signatures", sigs);
        m.put("coverage", Coverage.table(coverage));
        m.put("huntDir", huntDir.toString());
        return m;
    }

    private void print(Scenario base, List<Outcome> done, Map<FailureSignature, Tally> tallies, long[] coverage, double wall, Path huntDir) {
        long failing = done.stream().filter(Outcome::failed).count();
        System.out.printf(Locale.ROOT, "hunt %s: %s (%s mode, policy %s, root seed %d) in %.1f s, %.1f runs/s; %d failing%n",
                base.name(), Plural.of(done.size(), "run"), mode, policy, root, wall, done.size() / Math.max(wall, 1e-9), failing);
        if (tallies.isEmpty()) {
            System.out.printf(Locale.ROOT, "  no lost or late update: failure rate < 3/%d (95 %%)%n", done.size());
        } else {
            System.out.printf(Locale.ROOT, "  %-6s %-15s %8s %9s %17s %8s %20s  %s%n", "kind", "cause", "failing", "rate",
                    "95% interval", "to first", "first failing seed", "run directory");
            for (var e : tallies.entrySet()) {
                Tally t = e.getValue();
                double[] ci = HuntTally.wilson(t.failingRuns, done.size());
                System.out.printf(Locale.ROOT, "  %-6s %-15s %8d %8.1f%% %7.1f%% - %5.1f%% %8d %20d  %s%n",
                        e.getKey().violation().id, e.getKey().cause().id, t.failingRuns, 100.0 * t.failingRuns / done.size(),
                        100 * ci[0], 100 * ci[1], t.first.index() + 1, t.first.seed(), t.runDir);
            }
            System.out.println("  repeat a failure with: ./dirtyvram run --scenario RUN_DIRECTORY/config.conf"
                    + (mode.equals("deterministic") ? "; explain it with: ./dirtyvram explain RUN_DIRECTORY --lost (a lost store) or --page N (a late one)"
                    : " (add --mode deterministic for a journaled run that explain reads; its schedule differs)"));
        }
        printNeverReached(coverage, Plural.of(done.size(), "run"));
        System.out.println("wrote " + huntDir + " (hunt.json, hunt.csv)");
    }

    /** The protocol situations no run (of a hunt) or schedule (of a check) reached: what it did not test. */
    static void printNeverReached(long[] counts, String over) {
        List<Coverage.Situation> never = Coverage.never(counts);
        if (never.isEmpty()) {
            System.out.println("  every protocol situation was reached in " + over);
            return;
        }
        System.out.println("  never reached in " + over + " (untested here, not shown safe):");
        for (Coverage.Situation s : never) System.out.printf(Locale.ROOT, "    %-29s %s%n", s.id, s.description);
    }

    private static void writeCsv(Path file, List<Outcome> done) {
        try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8),
                CSVFormat.DEFAULT.builder().setHeader("run", "seed", "policy", "lostUpdates", "lateReports", "signatures").build())) {
            for (Outcome o : done) {
                List<String> sigs = o.signatures().stream().map(s -> s.violation().id + "/" + s.cause().id).toList();
                csv.printRecord(o.index() + 1, o.seed(), o.policy().id(), o.lostUpdates(), o.lateReports(),
                        String.join(" ", sigs));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
