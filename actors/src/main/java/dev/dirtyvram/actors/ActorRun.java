package dev.dirtyvram.actors;

import dev.dirtyvram.domain.driver.Machine;
import com.typesafe.config.Config;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.persistence.DiscardingJournal;
import dev.dirtyvram.persistence.RunDirectory;
import dev.dirtyvram.persistence.RunReader;
import dev.dirtyvram.persistence.TimelineMerger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleConsumer;
import org.apache.pekko.actor.typed.ActorSystem;

/** One run of the actors in concurrent mode, journaled into its run directory. */
public final class ActorRun {
    /** What the live run measured besides the timeline's own summary. */
    public record Result(RunSummary summary, long eventsPersisted, long journalBytes, double wallSeconds) {}

    private ActorRun() {}

    /**
     * @param deterministic run under the seeded scheduler on a virtual clock (else concurrently in wall time)
     */
    public static Result run(SimConfig cfg, RunDirectory dir, Config base, DoubleConsumer progress, boolean deterministic) {
        return run(cfg, dir, base, progress, deterministic, true);
    }

    /** The benchmark's variant: {@code journal} false drops every write (the actors still persist through Pekko). */
    public static Result run(SimConfig cfg, RunDirectory dir, Config base, DoubleConsumer progress, boolean deterministic,
                             boolean journal) {
        Config system = journal ? dir.persistenceConfig(base)
                : com.typesafe.config.ConfigFactory.parseString("pekko.persistence.journal.plugin = \"" + DiscardingJournal.PLUGIN_ID + "\"")
                        .withFallback(dir.persistenceConfig(base));
        return start(cfg, dir, system, progress, deterministic);
    }

    private static Result start(SimConfig cfg, RunDirectory dir, Config system, DoubleConsumer progress, boolean deterministic) {
        Machine m = Machine.of(cfg.validate());
        FactTap tap = new FactTap(m.ids().count());
        CompletableFuture<Void> done = new CompletableFuture<>();
        long t0 = System.nanoTime();
        DeterministicInterconnect scheduler = deterministic ? new DeterministicInterconnect(cfg.seed(), cfg.cost().cyclesPerNs()) : null;
        java.util.function.Function<ActorSystem<?>, Interconnect> net = deterministic ? sys -> scheduler : ConcurrentInterconnect::new;
        ActorSystem<RunGuardian.Command> actors = ActorSystem.create(
                RunGuardian.create(m, net, tap, progress, done), "dirtyvram", system);
        try {
            if (deterministic) {
                scheduler.drive(done);
            } else {
                // Generous: the quiesce protocol waits for the journal to take the tail of the run.
                done.get(cfg.durationNs() / 1_000_000L + 120_000L, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("run did not finish its quiesce protocol in time", e);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("run failed: " + e, e);
        } finally {
            RunReader.terminate(actors);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        RunFold fold = new RunFold(cfg, m.p2m());
        TimelineMerger.merge(tap.streams(), fold);
        return new Result(fold.summary(), tap.journalEntries(), dir.journalBytes(), wall);
    }
}
