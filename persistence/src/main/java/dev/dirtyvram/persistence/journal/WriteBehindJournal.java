package dev.dirtyvram.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.japi.pf.ReceiveBuilder;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import scala.PartialFunction;
import scala.collection.immutable.Seq;
import scala.concurrent.Future;
import scala.concurrent.Promise;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;
/**
 * The live runs' journal: acknowledges every write at once and hands it, in order, to the embedded LevelDB journal,
 * which writes while the run goes on. So no actor waits for the disk (unless LevelDB falls {@link #MAX_PENDING} writes
 * behind: then a write is acknowledged once it is written, which bounds memory), and what it persisted still lands in the
 * ordinary LevelDB format that replay reads. Before a run's summary is written, {@link #drain} waits until LevelDB
 * has taken every write (and reports a failed one).
 */
public final class WriteBehindJournal extends WriteOnlyJournal {
    /** Plugin id; its configuration is in this module's reference.conf. */
    public static final String PLUGIN_ID = "dirtyvram.write-behind-journal";
    /** The embedded journal, the default underlying one; a run with journal = jdbc names Pekko's JDBC journal instead. */
    public static final String EMBEDDED = "pekko.persistence.journal.leveldb";

    /** Asks for an answer once every write so far is on the underlying journal. */
    private enum Drain { INSTANCE }

    /** Asks at once whether a write has failed. */
    private enum Health { INSTANCE }

    /** The answer: the first write that failed, if any. */
    private record Drained(Optional<String> failure) {}

    /** Writes handed on and not yet written, beyond which an actor's write waits for LevelDB (bounded memory). */
    static final int MAX_PENDING = 64;

    private final String underlyingId;
    private ActorRef underlying;
    /** One entry per write handed on, oldest first: the acknowledgement it still owes, or null when it gave it. */
    private final ArrayDeque<Optional<Held>> pending = new ArrayDeque<>();

    /** A write's acknowledgement held until LevelDB has it, and the per-write results it will carry. */
    private record Held(Promise<Iterable<Optional<Exception>>> ack, List<Optional<Exception>> results) {}
    private String failure;
    /** Writes handed on so far: a failure names the one it was. */
    private long writes;
    private final List<ActorRef> waiting = new ArrayList<>();

    public WriteBehindJournal(Config config) {
        this.underlyingId = config.getString("underlying");
    }

    @Override
    public void preStart() throws Exception {
        super.preStart();
        underlying = Persistence.get(context().system()).journalFor(underlyingId, ConfigFactory.empty());
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
        List<AtomicWrite> writes = new ArrayList<>();
        messages.forEach(writes::add);
        List<Optional<Exception>> ok = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) ok.add(Optional.empty());
        if (writes.isEmpty()) return Futures.successful(ok);
        // After a failure nothing more is written (the run is being stopped: ActorRun polls failure()); failing the
        // actors' writes instead would only have Pekko log each actor's death on the way.
        if (failure != null) return Futures.successful(ok);
        Seq seq = CollectionConverters.asScala(writes).toList();
        this.writes++;
        underlying.tell(new JournalProtocol.WriteMessages(seq, self(), 0), self());
        if (pending.size() < MAX_PENDING) {
            pending.add(Optional.empty());
            return Futures.successful(ok);
        }
        // LevelDB is behind: this write is acknowledged once it is on disk, as a plain journal would.
        Promise<Iterable<Optional<Exception>>> later = Futures.promise();
        pending.add(Optional.of(new Held(later, ok)));
        return later.future();
    }

    @Override
    public PartialFunction<Object, BoxedUnit> receivePluginInternal() {
        return ReceiveBuilder.create()
                .match(JournalProtocol.WriteMessagesSuccessful$.class, m -> written())
                .match(JournalProtocol.WriteMessagesFailed.class, m -> {
                    failed("write " + (writes - pending.size() + 1) + " failed: " + m.cause().getMessage());
                    written();
                })
                .match(JournalProtocol.WriteMessageRejected.class, m -> failed("write " + (writes - pending.size() + 1)
                        + " of " + m.message().persistenceId() + " was rejected: " + m.cause().getMessage()))
                .match(JournalProtocol.WriteMessageFailure.class, m -> failed("write " + (writes - pending.size() + 1)
                        + " of " + m.message().persistenceId() + " failed: " + m.cause().getMessage()))
                .match(Health.class, h -> sender().tell(new Drained(Optional.ofNullable(failure)), self()))
                .match(JournalProtocol.WriteMessageSuccess.class, m -> { })
                .match(Drain.class, d -> {
                    waiting.add(sender());
                    answerWhenDrained();
                })
                .build().onMessage();
    }

    private void failed(String why) {
        if (failure == null) failure = why;
    }

    private void written() {
        pending.poll().ifPresent(h -> h.ack().success(h.results())); // a failure is the run's to report, not the actor's
        answerWhenDrained();
    }

    private void answerWhenDrained() {
        if (!pending.isEmpty()) return;
        for (ActorRef r : waiting) r.tell(new Drained(Optional.ofNullable(failure)), self());
        waiting.clear();
    }

    /** Waits until every write so far is on disk; throws naming the first write that failed. */
    public static void drain(ActorSystem system, Duration timeout) {
        ActorRef journal = Persistence.get(system).journalFor(PLUGIN_ID, ConfigFactory.empty());
        Drained d;
        try {
            d = (Drained) Patterns.ask(journal, Drain.INSTANCE, timeout).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the journal did not take the run's last writes in " + timeout.toSeconds() + " s", e);
        }
        d.failure().ifPresent(f -> {
            throw new IllegalStateException("journal failed: " + f);
        });
    }

    /** The first failed write so far, if any, asked without waiting for the journal to catch up. */
    public static Optional<String> failure(ActorSystem system) {
        ActorRef journal = Persistence.get(system).journalFor(PLUGIN_ID, ConfigFactory.empty());
        try {
            return ((Drained) Patterns.ask(journal, Health.INSTANCE, Duration.ofSeconds(5)).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS)).failure();
        } catch (Exception e) {
            return Optional.empty(); // busy: asked again at the next check
        }
    }

    @Override
    public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
        return Futures.failed(new UnsupportedOperationException("a run's journal is never deleted from"));
    }
}
