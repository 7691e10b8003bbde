package dev.dirtyvram.simulations;

import dev.dirtyvram.actors.ActorRun;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Guest writes per second of wall time on one workload, four ways: the sequential reference driver, the actors with
 * a journal that drops writes, the actors with the embedded LevelDB journal, and a replay of that journal. The
 * workload is the default scenario's, unthrottled, so each variant runs as fast as it can.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure guest writes/s: reference driver, actors without and with the journal, replay.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--scenario", defaultValue = "default", description = "The workload (default: default).")
    String scenario;

    @Option(names = "--duration", defaultValue = "3s", description = "Wall time of each actor run (default 3s).")
    String duration;

    @Option(names = "--vcpus", defaultValue = "4")
    int vcpus;

    @Option(names = "--out", description = "Where the benchmark's run directories go (default: a temporary directory, deleted).")
    Path out;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Mixin
    Verbosity verbosity = new Verbosity();

    private record Figure(String variant, long guestWrites, double seconds) {
        double rate() {
            return guestWrites / Math.max(seconds, 1e-9);
        }
    }

    @Override
    public Integer call() throws IOException {
        com.typesafe.config.Config pekko = verbosity.apply();
        Scenario s = new ScenarioLoader().load(scenario, List.of("duration=" + duration, "vcpus=" + vcpus,
                "guest.write-rate=100000000", "mode=concurrent"));
        SimConfig actorsCfg = s.cfg();
        Path dir = out != null ? out : Files.createTempDirectory("dirtyvram-bench");
        List<Figure> figures = new ArrayList<>();

        // The reference driver in virtual time: enough guest time to run about as long as the actor runs do.
        SimConfig refCfg = actorsCfg.toBuilder().writeRate(2_000_000).durationNs(Math.max(200_000_000L, actorsCfg.durationNs() / 4)).build();
        ReferenceDriver.run(refCfg.toBuilder().durationNs(50_000_000L).build()); // warm the JIT up
        long t0 = System.nanoTime();
        RunSummary ref = ReferenceDriver.run(refCfg);
        figures.add(new Figure("reference driver (one thread)", ref.guestWrites(), (System.nanoTime() - t0) / 1e9));
        status("reference driver done");

        ActorRun.Result noJournal = ActorRun.run(actorsCfg, RunDirectory.create(dir, "bench-no-journal"),
                pekko, null, false, false);
        figures.add(new Figure("actors, journal dropping writes", noJournal.summary().guestWrites(), noJournal.wallSeconds()));
        status("actors without a journal done");

        RunDirectory journaled = ScenarioRun.prepare(s, dir);
        ActorRun.Result withJournal = ActorRun.run(actorsCfg, journaled, pekko, null, false, true);
        figures.add(new Figure("actors, LevelDB journal", withJournal.summary().guestWrites(), withJournal.wallSeconds()));
        status("actors with the journal done");

        long r0 = System.nanoTime();
        LoadedRun loaded = LoadedRun.open(journaled.root(), pekko);
        long r1 = System.nanoTime();
        RunSummary replayed = loaded.fold().summary();
        long r2 = System.nanoTime();
        if (!replayed.digest().equals(withJournal.summary().digest())) {
            throw new IllegalStateException("the replay does not match the run it replays");
        }
        figures.add(new Figure("replay (read journal + fold)", replayed.guestWrites(), (r2 - r0) / 1e9));
        figures.add(new Figure("replay (fold only)", replayed.guestWrites(), (r2 - r1) / 1e9));

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
        all.put("eventsPersisted", withJournal.eventsPersisted());
        all.put("eventsPerSecond", withJournal.eventsPersisted() / withJournal.wallSeconds());
        all.put("journalBytes", withJournal.journalBytes());
        if (json) {
            System.out.println(Json.object(all));
        } else {
            System.out.printf(Locale.ROOT, "%-34s %12s %8s %14s %8s%n", "variant", "guest writes", "wall s", "writes/s", "ratio");
            for (Figure f : figures) {
                System.out.printf(Locale.ROOT, "%-34s %12d %8.3f %14.0f %8.3f%n", f.variant(), f.guestWrites(), f.seconds(), f.rate(), f.rate() / base);
            }
            System.out.printf(Locale.ROOT, "journal: %d events (%.0f events/s), %d bytes%n", withJournal.eventsPersisted(),
                    withJournal.eventsPersisted() / withJournal.wallSeconds(), withJournal.journalBytes());
        }
        if (out == null) deleteTree(dir);
        return Main.OK;
    }

    private void status(String what) {
        if (!json) System.err.println("bench: " + what);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new BadInputException("cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
