package dev.dirtyvram.domain.driver;

import dev.dirtyvram.domain.oracle.RunSummary;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link Error} on some thread of the process (out of memory, a stack overflow): the first one is kept, so that
 * the run in progress stops, says what happened in one line and marks its directory failed, however deep in a
 * library the error came. A little memory is held back for that and released at the first error.
 */
public final class Fatal {
    private static final AtomicReference<Throwable> FIRST = new AtomicReference<>();
    /** Freed at the first error, so that what follows (the one line, the failed summary) has room to run. */
    @SuppressWarnings("unused")
    private static volatile byte[] reserve = new byte[8 << 20];

    private Fatal() {}

    public static void record(Throwable e) {
        reserve = null;
        FIRST.compareAndSet(null, e);
    }

    public static Optional<Throwable> first() {
        return Optional.ofNullable(FIRST.get());
    }

    /** A new command in this JVM (the tests run many) starts with no error on record. */
    public static void clear() {
        FIRST.set(null);
        if (reserve == null) reserve = new byte[8 << 20];
    }

    /** Throws the run's end when an error is on record; {@code runTimeNs}: how far the run got. */
    public static void check(long runTimeNs) {
        Throwable e = FIRST.get();
        if (e != null) throw new RunFailed(e, runTimeNs);
    }

    /** A run stopped by an {@link Error}: what it was, and how much of the run's time had passed. */
    public static final class RunFailed extends RuntimeException {
        private final long runTimeNs;
        private final transient RunSummary measured;
        private final String where;

        public RunFailed(Throwable error, long runTimeNs) {
            this(error, runTimeNs, null, null);
        }

        private RunFailed(Throwable error, long runTimeNs, RunSummary measured, String where) {
            super(error.toString(), error, false, false);
            this.runTimeNs = runTimeNs;
            this.measured = measured;
            this.where = where;
        }

        /** The same failure with what the run had measured until then (null: nothing could be folded). */
        public RunFailed measured(RunSummary summary) {
            return new RunFailed(getCause(), runTimeNs, summary, where);
        }

        /** The same failure, its run directory named (marked failed there). */
        public RunFailed in(String directory) {
            return new RunFailed(getCause(), runTimeNs, measured, directory);
        }

        /** The run directory marked failed, if one was. */
        public Optional<String> where() {
            return Optional.ofNullable(where);
        }

        /** What the run had measured when it failed, if anything. */
        public Optional<RunSummary> measured() {
            return Optional.ofNullable(measured);
        }

        public long runTimeNs() {
            return runTimeNs;
        }

        public boolean outOfMemory() {
            return getCause() instanceof OutOfMemoryError;
        }
    }
}
