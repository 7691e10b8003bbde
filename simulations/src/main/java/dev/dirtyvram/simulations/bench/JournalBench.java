package dev.dirtyvram.simulations.bench;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.event.OpBatch;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.persistence.store.RunReader;
import dev.dirtyvram.persistence.store.StoredRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
/**
 * A journal on its own (the embedded one, or PostgreSQL's), with small events (one fact each): events/s written one
 * per command and in {@code persistAll} batches of 100, and recovered. The figures the journal's choice was measured by.
 */
public final class JournalBench {
    /** Write {@code count} events, {@code batch} per persist, then answer. */
    record Write(int count, int batch, ActorRef<Long> replyTo) {}

    private JournalBench() {}

    /** events/s: one per command, batches of 100, recovery of all of them. */
    record Figures(double singlePerSecond, double batchedPerSecond, double recoveryPerSecond) {}

    /** @param run a fresh run: its journal is the one measured (written directly, not behind the write-behind journal) */
    static Figures measure(RunDirectory run, Config pekko, int single, int batched) throws Exception {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "dirtyvram-journal-bench", run.persistenceConfig(pekko));
        try {
            double singleRate = write(system, "single", single, 1);
            double batchedRate = write(system, "batched", batched, 100);
            CompletableFuture<Long> recovered = new CompletableFuture<>();
            long t0 = System.nanoTime();
            system.systemActorOf(writer("batched", recovered), "recover", Props.empty());
            long events = recovered.get(5, TimeUnit.MINUTES);
            double recovery = events / ((System.nanoTime() - t0) / 1e9);
            return new Figures(singleRate, batchedRate, recovery);
        } finally {
            RunReader.terminate(system);
        }
    }

    private static double write(ActorSystem<Void> system, String id, int count, int batch) throws Exception {
        CompletableFuture<Long> ready = new CompletableFuture<>();
        ActorRef<Write> w = system.systemActorOf(writer(id, ready), id, Props.empty());
        ready.get(1, TimeUnit.MINUTES);
        CompletableFuture<Long> done = new CompletableFuture<>();
        ActorRef<Long> reply = system.systemActorOf(Behaviors.receiveMessage(n -> {
            done.complete(n);
            return Behaviors.stopped();
        }), id + "-reply", Props.empty());
        long t0 = System.nanoTime();
        w.tell(new Write(count, batch, reply));
        long n = done.get(5, TimeUnit.MINUTES);
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static Behavior<Write> writer(String id, CompletableFuture<Long> recovered) {
        return Behaviors.setup(ctx -> new Writer(ctx.getSelf(),
                ctx.getSystem().settings().config().getString(StoredRun.PERSISTENCE_ID_PREFIX) + "bench-" + id, recovered));
    }

    /** An actor that persists small facts as asked; {@code recovered} hears how many events it recovered. */
    private static final class Writer extends EventSourcedBehavior<Write, OpBatch, long[]> {
        private final ActorRef<Write> self;
        private final CompletableFuture<Long> recovered;

        Writer(ActorRef<Write> self, String id, CompletableFuture<Long> recovered) {
            super(PersistenceId.ofUniqueId(id));
            this.self = self;
            this.recovered = recovered;
        }

        @Override
        public long[] emptyState() {
            return new long[1];
        }

        @Override
        public CommandHandler<Write, OpBatch, long[]> commandHandler() {
            return newCommandHandlerBuilder().forAnyState().onCommand(Write.class, this::step).build();
        }

        private Effect<OpBatch, long[]> step(long[] state, Write w) {
            if (w.count() <= 0) {
                w.replyTo().tell(state[0]);
                return Effect().none();
            }
            int n = Math.min(w.batch(), w.count());
            List<OpBatch> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long lseq = state[0] + i;
                events.add(new OpBatch(0, new long[] {lseq}, new long[] {lseq}, new byte[] {0}, new int[] {i}, new long[] {lseq}));
            }
            // The next batch once this one is stored: what a run's actor does, one persist at a time.
            return Effect().persist(events).thenRun(s -> self.tell(new Write(w.count() - n, w.batch(), w.replyTo())));
        }

        @Override
        public EventHandler<long[], OpBatch> eventHandler() {
            return newEventHandlerBuilder().forAnyState().onAnyEvent((state, e) -> {
                state[0]++;
                return state;
            });
        }

        @Override
        public SignalHandler<long[]> signalHandler() {
            return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), state -> recovered.complete(state[0])).build();
        }
    }
}
