package dev.dirtyvram.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.actors.delivery.ConcurrentInterconnect;
import dev.dirtyvram.actors.delivery.DeterministicInterconnect;
import dev.dirtyvram.actors.delivery.Interconnect;
import dev.dirtyvram.actors.delivery.TimeDilation;
import dev.dirtyvram.actors.machine.RunGuardian;
import dev.dirtyvram.actors.tap.FactTap;
import dev.dirtyvram.actors.tap.FoldingTap;
import dev.dirtyvram.actors.tap.MergingTap;
import dev.dirtyvram.domain.config.Durations;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.driver.Fatal;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.driver.StopSignal;
import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.oracle.Achievement;
import dev.dirtyvram.domain.oracle.Oracle;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.domain.schedule.ChoiceLog;
import dev.dirtyvram.domain.schedule.Scheduler;
import dev.dirtyvram.persistence.JournalFailedException;
import dev.dirtyvram.persistence.JournalKind;
import dev.dirtyvram.persistence.journal.WriteBehindJournal;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.persistence.store.RunReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
/** One run of the actors, concurrent or deterministic, journaled into its run directory. */
public final class ActorRun {
    /**
     * How the actors run.
     *
     * @param deterministic under the seeded scheduler on a virtual clock (else concurrently, on the dilated wall clock)
     * @param journal       where the facts go; {@link JournalKind#OFF} drops them (the actors still persist through
     *                      Pekko, only storage is gone)
     * @param dilation      concurrent mode's run clock against the wall clock
     */
    /** @param explain hears the deterministic run's timeline as it is folded (an explainer), or null */
    public record Options(boolean deterministic, JournalKind journal, TimeDilation dilation, FactSink explain, boolean measured) {
        public static Options deterministic(JournalKind journal) {
            return new Options(true, journal, TimeDilation.AUTO, null, true);
        }

        public static Options concurrent(JournalKind journal, TimeDilation dilation) {
            return new Options(false, journal, dilation, null, true);
        }

        public Options explainedBy(FactSink sink) {
            return new Options(deterministic, journal, dilation, sink, measured);
        }

        /** Unmeasured (no digest, no display latencies): a hunt's runs are judged by their verdicts alone. */
        public Options judgedOnly() {
            return new Options(deterministic, journal, dilation, explain, false);
        }
    }

    /**
     * What the live run measured besides the timeline's own summary; {@code dilation} is wall time per run time over
     * the run (1 in deterministic mode, whose clock is virtual), {@code dilationMax} the largest factor auto reached.
     */
    /** @param choices the scheduler's choice sequence (deterministic mode; empty in concurrent mode) */
    public record Result(RunSummary summary, Oracle oracle, ChoiceLog choices, long eventsPersisted, long journalBytes,
                         double wallSeconds, double dilation, double dilationMax) {}

    private ActorRun() {}

    /** What a run that failed had measured, when its fold still gives it (else null). */
    private static RunSummary partial(FactTap tap) {
        try {
            return tap.fold().summary();
        } catch (RuntimeException | Error e) {
            return null;
        }
    }

    public static Result run(SimConfig cfg, RunDirectory dir, Config base, DoubleConsumer progress, Options how) {
        Config system = dir.persistenceConfig(base, how.journal());
        if (how.deterministic()) system = deterministic(system);
        Config config = system;
        ActorSystem<?>[] actors = new ActorSystem<?>[1];
        return execute(cfg, progress, how, new Place() {
            @Override
            public ActorSystem<?> start(Behavior<RunGuardian.Command> guardian) {
                return actors[0] = ActorSystem.create(guardian, "dirtyvram", config);
            }

            @Override
            public void end() {
                if (actors[0] != null) RunReader.terminate(actors[0]);
            }
        }, () -> dir.journalBytes(new ActorIds(cfg.vcpus()).names()));
    }

    /** One actor runs at a time: one thread serves them all, and hands each message on without a wake-up. */
    private static Config deterministic(Config system) {
        return ConfigFactory.parseString(
                "pekko.actor.default-dispatcher.fork-join-executor { parallelism-min = 1, parallelism-max = 1 }").withFallback(system);
    }

    /** Where a run's actors live: an actor system of their own, or a {@link Host} shared by many runs. */
    private interface Place {
        /** Starts the run's guardian; the actor system it runs in. */
        ActorSystem<?> start(Behavior<RunGuardian.Command> guardian);

        /** Stops the run's actors and waits until they are gone. */
        void end();
    }

    /**
     * An actor system that makes deterministic runs without a journal one after another (a hunt's worker): each run's
     * guardian is a child of the host's, stopped before the next starts, so that a run pays for no actor system of its
     * own (one took 30 ms here, most of a small run).
     */
    public static final class Host implements AutoCloseable {
        private sealed interface Command {}

        private record Spawn(Behavior<RunGuardian.Command> guardian, CompletableFuture<ActorRef<RunGuardian.Command>> spawned) implements Command {}

        private record Stop(ActorRef<RunGuardian.Command> run, CompletableFuture<Void> stopped) implements Command {}

        private record Stopped(CompletableFuture<Void> stopped) implements Command {}

        private final ActorSystem<Command> system;
        private int runs;

        /** @param scratch a run directory whose persistence settings the host takes (nothing is written to it) */
        public Host(RunDirectory scratch, Config base) {
            Config config = deterministic(scratch.persistenceConfig(base, JournalKind.OFF));
            this.system = ActorSystem.create(Behaviors.setup(ctx -> Behaviors.receive(Command.class)
                    .onMessage(Spawn.class, c -> {
                        c.spawned().complete(ctx.spawn(c.guardian(), "run-" + (++runs)));
                        return Behaviors.same();
                    })
                    .onMessage(Stop.class, c -> {
                        ctx.watchWith(c.run(), new Stopped(c.stopped()));
                        ctx.stop(c.run());
                        return Behaviors.same();
                    })
                    .onMessage(Stopped.class, c -> {
                        c.stopped().complete(null);
                        return Behaviors.same();
                    })
                    .build()), "dirtyvram-host", config);
        }

        /** One deterministic run with the journal off, as {@link ActorRun#run} makes it. */
        public Result run(SimConfig cfg, Options how) {
            if (!how.deterministic() || how.journal() != JournalKind.OFF) {
                throw new IllegalArgumentException("a host makes deterministic runs without a journal");
            }
            List<ActorRef<RunGuardian.Command>> guardian = new ArrayList<>();
            return execute(cfg, null, how, new Place() {
                @Override
                public ActorSystem<?> start(Behavior<RunGuardian.Command> g) {
                    CompletableFuture<ActorRef<RunGuardian.Command>> spawned = new CompletableFuture<>();
                    system.tell(new Spawn(g, spawned));
                    guardian.add(spawned.join());
                    return system;
                }

                @Override
                public void end() {
                    if (guardian.isEmpty()) return;
                    CompletableFuture<Void> stopped = new CompletableFuture<>();
                    system.tell(new Stop(guardian.remove(0), stopped));
                    try {
                        stopped.get(60, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("a run's actors did not stop: " + e, e);
                    }
                }
            }, () -> 0L);
        }

        @Override
        public void close() {
            RunReader.terminate(system);
        }
    }

    private static Result execute(SimConfig cfg, DoubleConsumer progress, Options how, Place place, LongSupplier journalBytes) {
        // One actor at a time touches a deterministic run's memory: no locks needed there.
        Machine m = Machine.of(cfg.validate(), !how.deterministic());
        FactTap tap = how.deterministic() ? new FoldingTap(m, how.explain(), how.measured()) : new MergingTap(m, how.explain());
        CompletableFuture<Void> done = new CompletableFuture<>();
        long t0 = System.nanoTime();
        DeterministicInterconnect scheduler = how.deterministic()
                ? new DeterministicInterconnect(Scheduler.forRun(cfg, m.seeds().scheduler(), DeterministicInterconnect.agents(m.ids()),
                        Achievement.pctSteps(cfg, cfg.schedule().burst(), cfg.schedule().walkChunk())),
                        m.ids(), cfg.cost().cyclesPerNs(), cfg.schedule().windowNs(), cfg.seed()) : null;
        ConcurrentInterconnect[] concurrent = new ConcurrentInterconnect[1];
        Function<ActorSystem<?>, Interconnect> net = how.deterministic() ? sys -> scheduler
                : sys -> concurrent[0] = new ConcurrentInterconnect(sys, how.dilation(), cfg.vcpus());
        double dilation = 1;
        double dilationMax = 1;
        LongSupplier now = () -> how.deterministic() ? scheduler.now() : concurrent[0] == null ? 0 : concurrent[0].now();
        try {
            ActorSystem<?> actors = place.start(RunGuardian.create(m, net, tap, progress, done));
            // A failed journal write ends the run within a poll: the facts after it could never be replayed. So does an
            // Error on any thread (out of memory), or the actor system stopping under the run (Pekko's answer to one).
            Runnable journalHealthy = () -> {
                Fatal.check(now.getAsLong());
                if (actors.whenTerminated().isCompleted()) {
                    throw new Fatal.RunFailed(new InternalError("the actor system stopped under the run"), now.getAsLong());
                }
                if (how.journal() == JournalKind.OFF) return;
                WriteBehindJournal.failure(Adapter.toClassic(actors)).ifPresent(f -> {
                    throw new JournalFailedException("journal failed at " + Durations.format(now.getAsLong() / 1000 * 1000)
                            + " of guest time: " + f);
                });
            };
            if (how.deterministic()) {
                StopSignal.await(done, () -> {
                    journalHealthy.run();
                    scheduler.checkProgress();
                });
            } else {
                // Generous: the clock may run up to MAX_FACTOR slower, and the quiesce protocol waits for the journal.
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos((long) (cfg.durationNs() / 1e6 * TimeDilation.MAX_FACTOR) + 120_000L);
                StopSignal.await(done, () -> {
                    journalHealthy.run();
                    if (System.nanoTime() > deadline) throw new IllegalStateException("run did not finish its quiesce protocol in time");
                });
                ConcurrentInterconnect c = concurrent[0];
                c.stop();
                dilation = c.meanDilation();
                dilationMax = c.maxDilation();
            }
            // The journal wrote behind the run: everything must be on disk before the run counts as over.
            if (how.journal() != JournalKind.OFF) WriteBehindJournal.drain(Adapter.toClassic(actors), Duration.ofMinutes(2));
        } catch (ExecutionException e) {
            throw new IllegalStateException("run failed: " + e.getCause(), e.getCause());
        } catch (Fatal.RunFailed e) {
            place.end();
            throw e.measured(partial(tap));
        } catch (IllegalStateException | JournalFailedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("run failed: " + e, e);
        } finally {
            place.end();
        }
        RunFold fold;
        try {
            fold = tap.fold();
        } catch (Error e) {
            Fatal.record(e);
            throw new Fatal.RunFailed(e, now.getAsLong());
        }
        Fatal.check(now.getAsLong());
        double wall = (System.nanoTime() - t0) / 1e9;
        ChoiceLog choices = scheduler != null ? scheduler.choices() : new ChoiceLog();
        return new Result(fold.summary(), fold.oracle(), choices, tap.entries(), journalBytes.getAsLong(), wall, dilation, dilationMax);
    }
}
