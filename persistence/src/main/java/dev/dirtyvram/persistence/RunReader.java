package dev.dirtyvram.persistence;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.event.Fact;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Reads a run back from its journal alone, through Pekko Persistence Query: every actor's stream, each in its
 * persisted order. Nothing of the live run is needed. A journal that cannot be opened or decoded is bad input.
 */
public final class RunReader {
    /** Every actor's facts, indexed like the actors, and how many journal entries they came from. */
    public record Journal(List<List<Fact>> streams, long entries) {}

    /**
     * Events per query. Pekko's LevelDB EventsByPersistenceIdStage can stall for good when a replay batch ends one
     * event short of the query's upper bound (nextSequenceNr == toSequenceNr: it neither completes nor asks for
     * more). A window no larger than its buffer starts empty, is served by one replay and always completes.
     */
    static final int WINDOW = 1000;

    private RunReader() {}

    /** Stop an actor system and wait for it: its journal's files are closed only once it is gone. */
    public static void terminate(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // a journal left open is reported by the next read of it
        }
    }

    private static List<Fact> readStream(CurrentEventsByPersistenceIdQuery journal, ActorSystem<?> system, String where, String pid)
            throws Exception {
        List<Fact> facts = new ArrayList<>();
        for (long from = 1; ; from += WINDOW) {
            List<EventEnvelope> envelopes = journal.currentEventsByPersistenceId(pid, from, from + WINDOW - 1)
                    .runWith(Sink.seq(), system).toCompletableFuture().get(2, TimeUnit.MINUTES);
            for (EventEnvelope e : envelopes) {
                if (!(e.event() instanceof Fact f)) {
                    throw new BadInputException("journal of " + where + " holds an unknown event in " + pid + " at " + e.sequenceNr());
                }
                facts.add(f);
            }
            if (envelopes.size() < WINDOW) return facts;
        }
    }

    /**
     * Opens the LevelDB store once, without creating it, and reads every entry with its block checksums verified: a
     * missing or damaged journal fails here with LevelDB's own reason, where the journal plugin would only keep
     * restarting (logging each time) and the query never answer.
     */
    static void checkReadable(java.nio.file.Path dir) {
        java.io.File journal = dir.resolve(RunDirectory.JOURNAL).toFile();
        try (org.iq80.leveldb.DB db = org.iq80.leveldb.impl.Iq80DBFactory.factory.open(journal,
                new org.iq80.leveldb.Options().createIfMissing(false).paranoidChecks(true));
             org.iq80.leveldb.DBIterator it = db.iterator(new org.iq80.leveldb.ReadOptions().verifyChecksums(true).fillCache(false))) {
            for (it.seekToFirst(); it.hasNext(); ) it.next();
        } catch (java.io.IOException | RuntimeException e) {
            if (String.valueOf(e.getMessage()).startsWith("Unable to acquire lock")) {
                throw new BadInputException("journal of " + dir + " is in use by another process (is its run still going?)");
            }
            throw new BadInputException("journal of " + dir + " is damaged: " + BadInputException.firstLine(e));
        }
    }

    /**
     * Reads {@code persistenceIds} through the query plugin {@code queryPlugin} of an actor system made with
     * {@code system}; {@code where} names the run in messages.
     */
    static Journal read(String where, Config system, String queryPlugin, List<String> persistenceIds) {
        // LevelDB's Java port reports a torn log tail (a killed run's last write, which replay reads up to) with
        // System.out.println; standard output carries results (--json), so while it reads that goes to standard error.
        java.io.PrintStream out = System.out;
        System.setOut(System.err);
        try {
            return readJournal(where, system, queryPlugin, persistenceIds);
        } finally {
            System.setOut(out);
        }
    }

    private static Journal readJournal(String where, Config config, String queryPlugin, List<String> persistenceIds) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "dirtyvram-replay", config);
        try {
            CurrentEventsByPersistenceIdQuery journal = PersistenceQuery.get(system)
                    .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, queryPlugin);
            // One stream per actor, read side by side: decoding is most of a replay's reading time.
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                    Math.max(1, Runtime.getRuntime().availableProcessors()));
            List<java.util.concurrent.Future<List<Fact>>> reads = new ArrayList<>();
            try {
                for (String pid : persistenceIds) reads.add(pool.submit(() -> readStream(journal, system, where, pid)));
                List<List<Fact>> streams = new ArrayList<>();
                long entries = 0;
                for (var r : reads) {
                    List<Fact> facts = r.get();
                    entries += facts.size();
                    streams.add(facts);
                }
                return new Journal(streams, entries);
            } finally {
                pool.shutdownNow();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BadInputException b) throw b;
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BadInputException("journal of " + where + " cannot be read: " + BadInputException.firstLine(cause));
        } catch (InterruptedException e) {
            throw new BadInputException("journal of " + where + " cannot be read: " + e);
        } finally {
            terminate(system);
        }
    }
}
