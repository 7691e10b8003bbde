package dev.dirtyvram.persistence.store;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.FactBlock;
import dev.dirtyvram.domain.event.Journaled;
import dev.dirtyvram.domain.event.TimelineMerger;
import dev.dirtyvram.persistence.BadInputException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.impl.Iq80DBFactory;
/**
 * Reads a run back from its journal alone, through Pekko Persistence Query: every actor's stream, each in its
 * persisted order, read and decoded by a thread of its own a little ahead of whoever consumes it (the merge and the
 * fold), so that reading overlaps folding and memory stays bounded however long the run was. Nothing of the live run
 * is needed. A journal that cannot be opened or decoded is bad input.
 */
public final class RunReader {
    /**
     * Events per query. Pekko's LevelDB EventsByPersistenceIdStage can stall for good when a replay batch ends one
     * event short of the query's upper bound (nextSequenceNr == toSequenceNr: it neither completes nor asks for
     * more). A window no larger than its buffer starts empty, is served by one replay and always completes. Small,
     * since an event (a block) holds up to tens of thousands of facts.
     */
    static final int WINDOW = 8;
    /**
     * Events each actor's reader holds decoded ahead of the merge: few, since each is about a megabyte of columns that
     * a young collection copies while it waits (the window's events wait undecoded).
     */
    private static final int AHEAD = 2;
    private static final Journaled END = new FactBlock(-1, List.of());

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

    /**
     * One read of a run's journal: every actor's stream as it comes off the journal. Close it when done (it stops
     * the readers and the actor system that reads).
     */
    public static final class Journal implements AutoCloseable {
        private final String where;
        private final ActorSystem<Void> system;
        private final LevelDbReports reports = new LevelDbReports();
        private final List<String> recovered;
        private final List<Reader> readers = new ArrayList<>();
        private final AtomicLong entries = new AtomicLong();
        /** Held while a reader decodes a block. */
        private final Object decoding = new Object();

        private Journal(String where, Config config, String queryPlugin, List<String> persistenceIds, List<String> recovered) {
            this.where = where;
            this.recovered = recovered;
            try {
                this.system = ActorSystem.create(Behaviors.empty(), "dirtyvram-replay", config);
                CurrentEventsByPersistenceIdQuery journal = PersistenceQuery.get(system)
                        .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, queryPlugin);
                for (String pid : persistenceIds) readers.add(new Reader(journal, pid));
                if (!persistenceIds.isEmpty()) {
                    // The journal's store opens on its first query: that is opening, not reading, so it is done here.
                    journal.currentEventsByPersistenceId(persistenceIds.get(0), 0, 0).runWith(Sink.ignore(), system)
                            .toCompletableFuture().get(2, TimeUnit.MINUTES);
                }
                readers.forEach(Reader::start);
            } catch (RuntimeException e) {
                reports.close();
                throw e;
            } catch (Exception e) {
                reports.close();
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                throw new BadInputException("journal of " + where + " cannot be opened: " + BadInputException.firstLine(cause));
            }
        }

        /** Every actor's facts, indexed like the actors, as the merge asks for them (null at a stream's end). */
        public List<TimelineMerger.Stream> streams() {
            return new ArrayList<>(readers);
        }

        /**
         * Every actor's facts, read to their ends first and then served from memory by the same streams: what the merge
         * and the fold cost once nothing is left to read ({@code bench}'s "fold only", which runs the very code a
         * replay runs, so that switching between the two does not send the merge back to the JIT).
         */
        public List<TimelineMerger.Stream> streamsRead() {
            for (Reader r : readers) r.holdAll();
            return streams();
        }

        /** Whether no actor journaled anything (reads each stream's first event, if it has one). */
        public boolean isEmpty() {
            for (Reader r : readers) if (r.peek() != END) return false;
            return true;
        }

        /**
         * What LevelDB reported while it recovered the journal's log: a torn last write (a killed run's), dropped,
         * such as "corruption of 7 bytes: Invalid chunk length"; empty when the log ended whole.
         */
        public List<String> tornTail() {
            List<String> all = new ArrayList<>(recovered);
            all.addAll(reports.reports());
            return all;
        }

        /** Journal events read so far: all of them once every stream has ended. */
        public long entries() {
            return entries.get();
        }

        @Override
        public void close() {
            readers.forEach(Reader::stop);
            terminate(system);
            reports.close();
        }

        /** One actor's stream, read window by window by its own thread into a short queue. */
        private final class Reader implements TimelineMerger.Stream {
            private final CurrentEventsByPersistenceIdQuery journal;
            private final String pid;
            private final BlockingQueue<Journaled> ahead = new ArrayBlockingQueue<>(AHEAD);
            private final Thread thread;
            private volatile boolean stopped;
            private volatile RuntimeException failure;
            private Journaled current;
            private int at;
            /** The whole stream once {@link #holdAll} has read it, its end included; null while it is read as used. */
            private ArrayDeque<Journaled> held;

            Reader(CurrentEventsByPersistenceIdQuery journal, String pid) {
                this.journal = journal;
                this.pid = pid;
                this.thread = new Thread(this::readAll, "dirtyvram-read-" + pid);
                thread.setDaemon(true);
            }

            void start() {
                thread.start();
            }

            void stop() {
                stopped = true;
                thread.interrupt();
            }

            private void readAll() {
                try {
                    // The first windows are small: the merge can start once every stream has its first event.
                    for (long from = 1, n = 1; !stopped; from += n, n = Math.min(WINDOW, 2 * n)) {
                        List<EventEnvelope> envelopes = journal.currentEventsByPersistenceId(pid, from, from + n - 1)
                                .runWith(Sink.seq(), system).toCompletableFuture().get(2, TimeUnit.MINUTES);
                        for (EventEnvelope e : envelopes) {
                            if (!(e.event() instanceof Journaled j)) {
                                throw new BadInputException("journal of " + where + " holds an unknown event in " + pid + " at " + e.sequenceNr());
                            }
                            entries.incrementAndGet();
                            // A block read from the journal decodes when first used: here, not in the merge. One stream
                            // at a time: decoding takes a third of the fold's time, so one core keeps up, and readers
                            // decoding at once would take the merge's core from it whenever the machine has two.
                            synchronized (decoding) {
                                j.facts().size();
                            }
                            ahead.put(j);
                        }
                        if (envelopes.size() < n) break;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    failure = cause instanceof BadInputException b ? b
                            : new BadInputException("journal of " + where + " cannot be read: " + BadInputException.firstLine(cause));
                } catch (BadInputException e) {
                    failure = e;
                } catch (Exception e) {
                    failure = new BadInputException("journal of " + where + " cannot be read: " + BadInputException.firstLine(e));
                }
                try {
                    ahead.put(END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            void holdAll() {
                ArrayDeque<Journaled> all = new ArrayDeque<>();
                for (Journaled j = take(); j != END; j = take()) all.add(j);
                all.add(END);
                held = all;
            }

            Journaled peek() {
                if (current == null) current = take();
                return current;
            }

            private Journaled take() {
                if (held != null) return held.size() > 1 ? held.poll() : held.peek(); // stays at its end
                try {
                    Journaled j = ahead.take();
                    if (j == END) {
                        ahead.put(END); // stays at its end
                        if (failure != null) throw failure;
                    }
                    return j;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BadInputException("journal of " + where + " cannot be read: interrupted");
                }
            }

            @Override
            public Fact poll() {
                while (true) {
                    Journaled j = peek();
                    if (j == END) return null;
                    List<Fact> facts = j.facts();
                    if (at < facts.size()) return facts.get(at++);
                    current = null;
                    at = 0;
                }
            }
        }
    }

    /**
     * Verifies every table block's checksum ({@link TableChecksums}: the Java port does not), then opens the LevelDB
     * store once, without creating it, and reads every entry (the log's records are checked as they are read): a
     * missing or damaged journal fails here with the reason, where the journal plugin would only keep restarting
     * (logging each time) and the query never answer. Returns what LevelDB reported while it recovered the log (a torn
     * tail: {@link Journal#tornTail}).
     */
    public static List<String> checkReadable(Path dir) {
        File journal = dir.resolve(RunDirectory.JOURNAL).toFile();
        File[] tables = journal.listFiles((d, name) -> name.endsWith(".sst") || name.endsWith(".ldb"));
        if (tables == null) tables = new File[0];
        // The newest table may be one a kill cut short while LevelDB wrote it: not yet in the MANIFEST, LevelDB
        // ignores it, and so does the scan when it has no footer yet (LevelDB's own read below reports a live one).
        Arrays.sort(tables, Comparator.comparingLong(RunReader::tableNumber)); // by number: names grow a digit past 999999
        try {
            for (int i = 0; i < tables.length; i++) {
                if (i == tables.length - 1 && !TableChecksums.hasFooter(tables[i].toPath())) continue;
                TableChecksums.verify(tables[i].toPath());
            }
        } catch (IOException e) {
            throw new BadInputException("journal of " + dir + " is damaged: " + BadInputException.firstLine(e));
        }
        // Opening recovers the log, and the Java port reports a torn tail (a killed run's) on standard output.
        LevelDbReports reports = new LevelDbReports();
        try (DB db = Iq80DBFactory.factory.open(journal,
                new Options().createIfMissing(false).paranoidChecks(true));
             DBIterator it = db.iterator(new ReadOptions().verifyChecksums(true).fillCache(false))) {
            for (it.seekToFirst(); it.hasNext(); ) it.next();
        } catch (IOException | RuntimeException e) {
            if (String.valueOf(e.getMessage()).startsWith("Unable to acquire lock")) {
                throw new BadInputException("journal of " + dir + " is in use by another process (is its run still going?)");
            }
            throw new BadInputException("journal of " + dir + " is damaged: " + BadInputException.firstLine(e));
        } finally {
            reports.close();
        }
        return reports.reports();
    }

    /** A LevelDB table's file number (000123.sst, 1234567.ldb). */
    private static long tableNumber(File table) {
        String name = table.getName();
        try {
            return Long.parseLong(name.substring(0, name.indexOf('.')));
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE; // not a table LevelDB named: the scan still verifies it, never as the newest
        }
    }

    /**
     * Starts reading {@code persistenceIds} through the query plugin {@code queryPlugin} of an actor system made with
     * {@code system}; {@code where} names the run in messages.
     */
    static Journal read(String where, Config system, String queryPlugin, List<String> persistenceIds) {
        return read(where, system, queryPlugin, persistenceIds, List.of());
    }

    /** The same after a check of the store that reported {@code recovered} ({@link #checkReadable}). */
    static Journal read(String where, Config system, String queryPlugin, List<String> persistenceIds, List<String> recovered) {
        return new Journal(where, system, queryPlugin, persistenceIds, recovered);
    }
}
