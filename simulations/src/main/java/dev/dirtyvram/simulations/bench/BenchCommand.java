package dev.dirtyvram.simulations.bench;

import com.typesafe.config.Config;
import dev.dirtyvram.actors.ActorRun;
import dev.dirtyvram.actors.delivery.TimeDilation;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.event.TimelineMerger;
import dev.dirtyvram.domain.memory.FrameContents;
import dev.dirtyvram.domain.oracle.Achievement;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.JournalKind;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.persistence.store.RunReader;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.JdbcOptions;
import dev.dirtyvram.simulations.cli.Json;
import dev.dirtyvram.simulations.cli.Verbosity;
import dev.dirtyvram.simulations.explore.HuntCommand;
import dev.dirtyvram.simulations.replay.LoadedRun;
import dev.dirtyvram.simulations.run.JudgedRun;
import dev.dirtyvram.simulations.run.ScenarioRun;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.DoubleConsumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
/**
 * Guest stores per second of wall time, measured in one process so that the ratios compare like with like. On the
 * scenario as configured: the sequential reference driver, deterministic mode with the embedded journal and with
 * the journal off, concurrent mode with time dilation (and what it achieved of its configuration). Unthrottled
 * (every VCPU as fast as it can, wall clock): the actors with the journal off and on, and a replay of that journal.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure guest stores/s: reference driver, deterministic and "
        + "concurrent modes with and without the journal, unthrottled actors, replay.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--scenario", defaultValue = "default", description = "The workload (default: default).")
    String scenario;

    @Option(names = "--duration", defaultValue = "2s", description = "Guest time of each run (default 2s).")
    String duration;

    @Option(names = "--vcpus", defaultValue = "4")
    int vcpus;

    @Option(names = "--hogs", defaultValue = "0", description = "Busy-loop processes competing for the CPU while the concurrent rows run (default 0).")
    int hogs;

    @Option(names = "--out", description = "Where the benchmark's run directories go (default: a temporary directory, deleted).")
    Path out;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    /** Also measure this PostgreSQL database as a journal on its own. */
    @Mixin
    JdbcOptions jdbc = new JdbcOptions();

    @Mixin
    Verbosity verbosity = new Verbosity();

    record Figure(String variant, long guestWrites, double seconds, String note) {
        double rate() {
            return guestWrites / Math.max(seconds, 1e-9);
        }
    }

    @Override
    public Integer call() throws IOException {
        Config pekko = verbosity.apply();
        if (hogs < 0 || hogs > 16) throw new BadInputException("--hogs must be 0..16, got " + hogs);
        // A database that refuses says so before minutes of other figures, not after them.
        if (jdbc.settings() != null) {
            try (Connection c = jdbc.settings().connect()) {
                c.isValid(5);
            } catch (SQLException e) {
                throw new BadInputException("cannot use the database at " + jdbc.url + ": " + BadInputException.firstLine(e));
            }
        }
        Scenario s = new ScenarioLoader().load(scenario, List.of(Setting.of("duration", duration), Setting.of("vcpus", vcpus)));
        SimConfig cfg = s.cfg();
        Path dir = out != null ? out : Files.createTempDirectory("dirtyvram-bench");
        List<Figure> figures = new ArrayList<>();
        Map<String, Object> extra = new LinkedHashMap<>();

        // The first full run of a process is timed as well as a later one: the JIT is still compiling during the first
        // (what bench measured before it ran the driver three times), the third shows the driver's own speed. A run on
        // its own folds on a second thread; a hunt's runs (one a core) fold on the machine's thread: both are timed.
        ReferenceDriver.run(cfg.toBuilder().durationNs(Math.min(cfg.durationNs(), 200_000_000L)).build());
        long f0 = System.nanoTime();
        RunSummary first = ReferenceDriver.run(cfg);
        double firstSeconds = (System.nanoTime() - f0) / 1e9;
        ReferenceDriver.run(cfg);
        long t0 = System.nanoTime();
        RunSummary ref = ReferenceDriver.run(cfg);
        figures.add(new Figure("reference driver", ref.guestWrites(), (System.nanoTime() - t0) / 1e9,
                "third run in the process; its fold on a second thread, as a run on its own does"));
        figures.add(new Figure("reference driver, first run in the process", first.guestWrites(), firstSeconds, "while the JIT compiles"));
        for (int i = 0; i < 2; i++) new ReferenceDriver(cfg, null, true, false).run((DoubleConsumer) null);
        long o0 = System.nanoTime();
        RunSummary oneThread = new ReferenceDriver(cfg, null, true, false).run((DoubleConsumer) null);
        figures.add(new Figure("reference driver, one thread", oneThread.guestWrites(), (System.nanoTime() - o0) / 1e9,
                "third run; machine and fold on one thread"));
        figures.add(bareStoreLoop(cfg, ref.guestWrites()));
        status("reference driver done");

        // Warm up as the reference driver was: the first actor system of a process pays for loading Pekko and LevelDB.
        // Its journal is replayed too: the first decoding in a process would otherwise be timed while it compiles.
        Scenario shortRun = new ScenarioLoader().load(scenario, List.of(Setting.of("duration", "300ms"), Setting.of("vcpus", vcpus)));
        RunDirectory warmUp = ScenarioRun.prepare(shortRun, dir);
        ActorRun.run(shortRun.cfg(), warmUp, pekko, null, ActorRun.Options.deterministic(JournalKind.LEVELDB));
        LoadedRun.open(warmUp, pekko).fold();
        // And a journal like the one replay is timed on (unthrottled concurrent actors), read 8 times: decoding that
        // journal's columns is other code, compiled while it first runs.
        RunDirectory warmUpConcurrent = ScenarioRun.prepare(shortRun, dir);
        ActorRun.run(shortRun.cfg().toBuilder().writeRate(100_000_000L).build(), warmUpConcurrent, pekko, null,
                ActorRun.Options.concurrent(JournalKind.LEVELDB, new TimeDilation(false, 1)));
        for (int i = 0; i < 8; i++) LoadedRun.open(warmUpConcurrent, pekko).fold();
        // Timed once warm, as the reference driver is: the actors' code takes a few full runs to compile (the first
        // ran at 0.5 M stores/s, the sixth at 5 M), so each kind runs DETERMINISTIC_WARM_RUNS times first.
        for (JournalKind j : List.of(JournalKind.LEVELDB, JournalKind.OFF)) {
            double firstRunRate = 0;
            for (int i = 0; i < DETERMINISTIC_WARM_RUNS; i++) {
                ActorRun.Result w = ActorRun.run(cfg, RunDirectory.create(dir, "deterministic-warm-" + j.id + "-" + i), pekko, null,
                        ActorRun.Options.deterministic(j));
                if (i == 0) firstRunRate = w.summary().guestWrites() / w.wallSeconds();
            }
            ActorRun.Result r = ActorRun.run(cfg, RunDirectory.create(dir, "deterministic-" + j.id), pekko, null,
                    ActorRun.Options.deterministic(j));
            String note = String.format(Locale.ROOT, "run %d in the process (the first: %.2f M stores/s)", DETERMINISTIC_WARM_RUNS + 1,
                    firstRunRate / 1e6);
            figures.add(new Figure("deterministic, " + (j == JournalKind.OFF ? "journal off" : "embedded journal"),
                    r.summary().guestWrites(), r.wallSeconds(), j == JournalKind.OFF ? note : note + "; " + journalNote(r)));
            if (j == JournalKind.LEVELDB) journalFigures("deterministic", r, extra);
            status("deterministic mode, journal " + j.id + " done");
        }

        List<Process> hogProcesses = startHogs();
        try {
            ActorRun.Result c = ActorRun.run(cfg, RunDirectory.create(dir, "concurrent"), pekko, null,
                    ActorRun.Options.concurrent(JournalKind.LEVELDB, TimeDilation.AUTO));
            Achievement a = Achievement.of(cfg, c.summary());
            String note = String.format(Locale.ROOT, "stores %.3f, harvests %.3f of configured; dilation %.2f (max %.2f)%s; %s",
                    a.achievedStoreRatio(), a.achievedHarvestRatio(), c.dilation(), c.dilationMax(), hogs > 0 ? "; " + hogs + " CPU hogs" : "",
                    journalNote(c));
            journalFigures("concurrent", c, extra);
            figures.add(new Figure("concurrent, dilation auto, embedded journal", c.summary().guestWrites(), c.wallSeconds(), note));
            extra.put("concurrentAchievedStoreRatio", a.achievedStoreRatio());
            extra.put("concurrentAchievedHarvestRatio", a.achievedHarvestRatio());
            extra.put("concurrentDilation", c.dilation());
            extra.put("concurrentDilationMax", c.dilationMax());
            extra.put("hogs", hogs);
            status("concurrent mode done");

            // Unthrottled: every VCPU as fast as it can on the wall clock, to see what the actors cost.
            SimConfig flatOut = cfg.toBuilder().writeRate(100_000_000L).build();
            ActorRun.Result off = ActorRun.run(flatOut, RunDirectory.create(dir, "unthrottled-off"), pekko, null,
                    ActorRun.Options.concurrent(JournalKind.OFF, new TimeDilation(false, 1)));
            figures.add(new Figure("unthrottled actors, journal off", off.summary().guestWrites(), off.wallSeconds(), ""));
            RunDirectory journaled = ScenarioRun.prepare(s, dir);
            ActorRun.Result on = ActorRun.run(flatOut, journaled, pekko, null,
                    ActorRun.Options.concurrent(JournalKind.LEVELDB, new TimeDilation(false, 1)));
            figures.add(new Figure("unthrottled actors, embedded journal", on.summary().guestWrites(), on.wallSeconds(), ""));
            extra.put("eventsPersisted", on.eventsPersisted());
            extra.put("eventsPerSecond", on.eventsPersisted() / on.wallSeconds());
            extra.put("journalBytes", on.journalBytes());
            extra.put("journalBytesPerStore", (double) on.journalBytes() / Math.max(1, on.summary().guestWrites()));
            status("unthrottled actors done");

            replay(journaled, pekko, on.summary(), figures, extra);
        } finally {
            hogProcesses.forEach(Process::destroyForcibly);
        }
        huntThroughput(dir, pekko, extra);
        journalOnItsOwn("journal", "journal on its own", RunDirectory.create(dir, "journal-bench"), pekko, extra);
        if (jdbc.settings() != null) {
            journalOnItsOwn("jdbc", "PostgreSQL journal on its own", RunDirectory.create(dir, "journal-bench-jdbc", jdbc.settings()), pekko, extra);
        }

        double base = figures.get(0).rate();
        Map<String, Object> all = new LinkedHashMap<>();
        for (Figure f : figures) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("guestWrites", f.guestWrites());
            m.put("seconds", f.seconds());
            m.put("guestWritesPerSecond", f.rate());
            m.put("ratioToReference", f.rate() / base);
            all.put(f.variant(), m);
        }
        all.putAll(extra);
        if (json) {
            System.out.println(Json.object(all));
        } else {
            System.out.printf(Locale.ROOT, "%-44s %12s %8s %14s %8s%n", "variant", "guest writes", "wall s", "writes/s", "ratio");
            for (Figure f : figures) {
                System.out.printf(Locale.ROOT, "%-44s %12d %8.3f %14.0f %8.3f%s%n", f.variant(), f.guestWrites(), f.seconds(),
                        f.rate(), f.rate() / base, f.note().isEmpty() ? "" : "  " + f.note());
            }
            System.out.printf(Locale.ROOT, "journal (unthrottled): %d events (%.0f events/s), %d bytes, %.2f bytes per store%n",
                    (Long) extra.get("eventsPersisted"), (Double) extra.get("eventsPerSecond"), (Long) extra.get("journalBytes"),
                    (Double) extra.get("journalBytesPerStore"));
            System.out.printf(Locale.ROOT, "the reference driver makes %.1f%% of the bare store loop's stores per second%n",
                    100 * figures.get(0).rate() / figures.get(3).rate());
            @SuppressWarnings("unchecked")
            List<Double> pairRatios = (List<Double>) extra.get("replayPairRatios");
            System.out.printf(Locale.ROOT, "replay: read + fold at %.2f of fold only (pair by pair: %s); opening the journal %.3f s (its"
                            + " checksum scan alone %.3f s, %.0f%% of the replay)%n", (Double) extra.get("replayReadAndFoldToFoldOnly"),
                    pairRatios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).collect(Collectors.joining(", ")),
                    (Double) extra.get("replayOpenSeconds"),
                    (Double) extra.get("replayChecksumScanSeconds"), 100 * (Double) extra.get("replayChecksumScanShare"));
            printJournal("journal", "journal on its own", extra);
            printJournal("jdbc", "PostgreSQL journal on its own", extra);
            System.out.printf(Locale.ROOT, "hunt throughput (%s), runs/s per core: %.0f in reference mode, %.1f in deterministic mode"
                            + " in the hunt's first seconds; %.0f and %.1f once warm%n", HUNT_CONFIG,
                    (Double) extra.get("huntReferenceRunsPerSecond"), (Double) extra.get("huntDeterministicRunsPerSecond"),
                    (Double) extra.get("huntReferenceWarmRunsPerSecond"), (Double) extra.get("huntDeterministicWarmRunsPerSecond"));
        }
        if (out == null) deleteTree(dir);
        return ExitStatus.OK.code;
    }

    /**
     * The least a store must do, as a limit to measure the driver against: draw its page with the generator the
     * workloads use and write a stamp into that page's slot. Best of three, like the driver's third run.
     */
    static Figure bareStoreLoop(SimConfig cfg, long stores) {
        int pages = cfg.lfbPages();
        long[] frames = new long[pages];
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            SplittableRandom rnd = new SplittableRandom(cfg.seed());
            long t0 = System.nanoTime();
            for (long i = 1; i <= stores; i++) frames[rnd.nextInt(pages)] = i;
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            long sum = 0;
            for (long f : frames) sum += f;
            kept = sum; // the stamps are read: the loop cannot be left out
        }
        return new Figure("bare store loop (the limit)", stores, best, "");
    }

    private static volatile long kept;

    /** "N events, B bytes a store": what a run's journal holds. */
    private static String journalNote(ActorRun.Result r) {
        return String.format(Locale.ROOT, "journal %d events, %.2f bytes a store", r.eventsPersisted(),
                (double) r.journalBytes() / Math.max(1, r.summary().guestWrites()));
    }

    private static void journalFigures(String mode, ActorRun.Result r, Map<String, Object> extra) {
        extra.put(mode + "JournalEvents", r.eventsPersisted());
        extra.put(mode + "JournalBytesPerStore", (double) r.journalBytes() / Math.max(1, r.summary().guestWrites()));
    }

    /** Times each of read + fold and fold only this many times, alternately: the machine's noise (tens of percent
     * from one replay to the next on two shared cores) is in each, so each figure is its median. */
    private static final int REPLAY_PAIRS = 3;

    /**
     * A replay of {@code run} (whose live summary is {@code live}) three ways: as replay does it (opening: the checksum
     * scan and the reader's actor system; then reading and decoding overlapping the merge and fold), the checksum scan
     * alone, and the merge and fold alone of facts read into memory first. "Read + fold" is timed from the open
     * journal's first fact to its last, against "fold only": what reading costs beyond folding. The scan, the open and
     * the last two are timed {@link #REPLAY_PAIRS} times, alternately, and each figure is the median.
     */
    private static void replay(RunDirectory run, Config pekko, RunSummary live, List<Figure> figures,
                               Map<String, Object> extra) {
        LoadedRun loaded = LoadedRun.open(run, pekko);
        long w0 = System.nanoTime();
        RunSummary whole = loaded.fold().summary();
        double wholeSeconds = (System.nanoTime() - w0) / 1e9;
        if (!whole.digest().equals(live.digest())) throw new IllegalStateException("the replay does not match the run it replays");
        figures.add(new Figure("replay as the command does it", whole.guestWrites(), wholeSeconds, "open, checksum scan, read + fold"));
        double[] scan = new double[REPLAY_PAIRS];
        double[] open = new double[REPLAY_PAIRS];
        double[] readAndFold = new double[REPLAY_PAIRS];
        double[] foldOnly = new double[REPLAY_PAIRS];
        for (int i = 0; i < REPLAY_PAIRS; i++) {
            // the scan on its own, then again as part of the open: the share it has of an open is of like with like
            long s0 = System.nanoTime();
            RunReader.checkReadable(run.root());
            scan[i] = (System.nanoTime() - s0) / 1e9;
            long o0 = System.nanoTime();
            RunFold streamed = new RunFold(loaded.scenario().cfg(), loaded.p2m());
            try (RunReader.Journal j = run.readJournal(loaded.ids().names(), pekko)) {
                open[i] = (System.nanoTime() - o0) / 1e9;
                readAndFold[i] = mergeAndFold(loaded, j.streams(), streamed);
            }
            if (!streamed.summary().digest().equals(live.digest())) throw new IllegalStateException("the replay does not match the run it replays");
            // The facts in memory are read again each time, so that while read + fold is timed they are not alive
            // (hundreds of MB, which the collector would be marking meanwhile), and served by the same streams, so
            // that the merge runs the same compiled code in both.
            try (RunReader.Journal j = run.readJournal(loaded.ids().names(), pekko)) {
                foldOnly[i] = mergeAndFold(loaded, j.streamsRead(), new RunFold(loaded.scenario().cfg(), loaded.p2m()));
            }
        }
        String pairs = REPLAY_PAIRS + " times, alternately: the median";
        figures.add(new Figure("replay: read journal + fold (once open)", whole.guestWrites(), median(readAndFold), pairs));
        figures.add(new Figure("replay: fold only (facts in memory)", whole.guestWrites(), median(foldOnly), pairs));
        extra.put("replayOpenSeconds", median(open));
        extra.put("replayChecksumScanSeconds", median(scan));
        extra.put("replayChecksumScanShare", median(scan) / wholeSeconds);
        extra.put("replayReadAndFoldToFoldOnly", median(foldOnly) / median(readAndFold));
        List<Double> pairRatios = new ArrayList<>();
        for (int i = 0; i < REPLAY_PAIRS; i++) pairRatios.add(foldOnly[i] / readAndFold[i]);
        extra.put("replayPairRatios", pairRatios);
    }

    /** Seconds to merge {@code streams} into {@code fold}, as a replay does: what both replay timings time. */
    private static double mergeAndFold(LoadedRun loaded, List<TimelineMerger.Stream> streams, RunFold fold) {
        long t0 = System.nanoTime();
        new TimelineMerger(streams, new FrameContents(loaded.p2m(), fold)).drain(Long.MAX_VALUE);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] xs) {
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** A journal on its own ({@link JournalBench}), the one of the fresh {@code run}: its figures under {@code key} in {@code extra}. */
    private void journalOnItsOwn(String key, String label, RunDirectory run, Config pekko, Map<String, Object> extra) {
        JournalBench.Figures f;
        try {
            f = JournalBench.measure(run, pekko, 5_000, 100_000);
        } catch (Exception e) {
            throw new IllegalStateException("the journal benchmark failed: " + e, e);
        }
        extra.put(key + "SingleEventsPerSecond", f.singlePerSecond());
        extra.put(key + "BatchedEventsPerSecond", f.batchedPerSecond());
        extra.put(key + "RecoveryEventsPerSecond", f.recoveryPerSecond());
        status(label + " done");
    }

    /** The figures {@link #journalOnItsOwn} put under {@code key}, if it measured that journal. */
    private static void printJournal(String key, String label, Map<String, Object> extra) {
        if (!extra.containsKey(key + "SingleEventsPerSecond")) return;
        System.out.printf(Locale.ROOT, "%s, small events: %.0f events/s one per persist, %.0f in batches of 100, %.0f recovered/s%n", label,
                (Double) extra.get(key + "SingleEventsPerSecond"), (Double) extra.get(key + "BatchedEventsPerSecond"),
                (Double) extra.get(key + "RecoveryEventsPerSecond"));
    }

    /** Full deterministic runs of each journal kind before the one timed: enough for the JIT to be done. */
    private static final int DETERMINISTIC_WARM_RUNS = 6;

    /** What a hunt runs many of: small and short. */
    static final String HUNT_CONFIG = "default scenario, 2 VCPUs, 8 pages, 200 ms";

    /**
     * Runs per second on one thread (hunt runs one per core), made as hunt makes them (JudgedRun): seeds in turn. Timed
     * over the hunt's first seconds (the JIT still compiling: what a short hunt gets) and again once warm, after more
     * seconds of runs (what a hunt of thousands of runs gets for most of them).
     */
    private void huntThroughput(Path dir, Config pekko, Map<String, Object> extra) {
        double[] reference = huntRunsPerSecond("reference", 3, 5, 3, dir, pekko);
        double[] deterministic = huntRunsPerSecond("deterministic", 5, 15, 5, dir, pekko);
        extra.put("huntReferenceRunsPerSecond", reference[0]);
        extra.put("huntDeterministicRunsPerSecond", deterministic[0]);
        extra.put("huntReferenceWarmRunsPerSecond", reference[1]);
        extra.put("huntDeterministicWarmRunsPerSecond", deterministic[1]);
        status("hunt throughput done");
    }

    /** Runs/s over the hunt's first {@code firstS} seconds, and over {@code warmS} seconds after {@code untimedS} more. */
    private static double[] huntRunsPerSecond(String mode, int firstS, int untimedS, int warmS, Path dir, Config pekko) {
        // As a hunt makes its runs: the configuration resolved once, each run its own seed.
        Scenario base = new ScenarioLoader().load("default", Setting.parseAll(List.of("vcpus=2", "lfb.pages=8", "duration=200ms", "journal=off", "mode=" + mode)));
        int[] seed = {0};
        try (ActorRun.Host host = JudgedRun.hostFor(base, pekko, dir.resolve("hunt"))) {
            double first = huntFor(firstS, base, seed, pekko, dir, host);
            huntFor(untimedS, base, seed, pekko, dir, host);
            return new double[] {first, huntFor(warmS, base, seed, pekko, dir, host)};
        }
    }

    /** Runs/s of the runs made in {@code seconds}, the seeds going on from {@code seed[0]}. */
    private static double huntFor(int seconds, Scenario base, int[] seed, Config pekko, Path dir, ActorRun.Host host) {
        long t0 = System.nanoTime();
        int runs = 0;
        for (; System.nanoTime() - t0 < seconds * 1_000_000_000L; runs++) {
            JudgedRun.of(base.withSeed(HuntCommand.seedOf(1, seed[0]++)), pekko, dir.resolve("hunt"), host);
        }
        return runs / ((System.nanoTime() - t0) / 1e9);
    }

    /** Busy loops in processes of their own, competing with this one for the cores as another program would. */
    private List<Process> startHogs() throws IOException {
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < hogs; i++) ps.add(CpuHog.start());
        return ps;
    }

    private void status(String what) {
        if (!json) System.err.println("bench: " + what);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new BadInputException("cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
