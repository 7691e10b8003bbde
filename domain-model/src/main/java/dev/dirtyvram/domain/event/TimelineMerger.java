package dev.dirtyvram.domain.event;

import java.util.List;

/**
 * Merges every actor's stream of facts (each in its own lseq order) into one timeline ordered by linearisation
 * number, fact by fact, and feeds it to a sink, as the facts become available: a live run's tap merges while the
 * run goes on, a replay while its journal is read. A stream that is not in order is refused: the log is corrupt.
 */
public final class TimelineMerger {
    /** One actor's facts in its lseq order. */
    public interface Stream {
        /** The next fact, or null when there is none now (a live stream may have more later; a finished one has not). */
        Fact poll();
    }

    private final Cursor[] cursors;
    private final FactSink sink;

    public TimelineMerger(List<? extends Stream> streams, FactSink sink) {
        this.cursors = new Cursor[streams.size()];
        for (int i = 0; i < cursors.length; i++) cursors[i] = new Cursor(streams.get(i));
        this.sink = sink;
    }

    /** One actor's facts already in timeline order (nothing to merge with), to {@code sink}: the fast path. */
    public static void feed(List<Fact> facts, FactSink sink) {
        for (Fact f : facts) {
            if (f instanceof OpBatch b) {
                long[] lseq = b.lseq();
                long[] time = b.time();
                byte[] kind = b.kind();
                int[] target = b.target();
                long[] value = b.value();
                int actor = b.actor();
                for (int i = 0; i < lseq.length; i++) sink.op(actor, Op.of(kind[i]), target[i], value[i], lseq[i], time[i]);
            } else {
                sink.harvest((HarvestCompleted) f);
            }
        }
    }

    /**
     * Feeds, in lseq order, every fact up to {@code upTo} that the streams hold now. The caller vouches that no stream
     * will later give a fact at or below {@code upTo} (a live tap's watermark; a finished log's end).
     */
    public void drain(long upTo) {
        while (true) {
            int best = -1;
            long bestLseq = Long.MAX_VALUE;
            long second = Long.MAX_VALUE;
            for (int i = 0; i < cursors.length; i++) {
                long l = cursors[i].head();
                if (l < bestLseq) {
                    second = bestLseq;
                    bestLseq = l;
                    best = i;
                } else if (l < second) {
                    second = l;
                }
            }
            if (best < 0 || bestLseq > upTo) return;
            if (second == bestLseq) throw new IllegalStateException("two actors' facts have lseq " + bestLseq);
            // This stream's run of facts up to the next stream's head goes in one go.
            cursors[best].emit(Math.min(second - 1, upTo), sink);
        }
    }

    private static final class Cursor {
        private final Stream stream;
        private Fact fact;
        private int op;
        private long last = Long.MIN_VALUE;

        Cursor(Stream stream) {
            this.stream = stream;
        }

        /** The lseq of this stream's next fact, {@link Long#MAX_VALUE} when it has none now. */
        long head() {
            while (fact == null || (fact instanceof OpBatch b && op == b.size())) {
                fact = stream.poll();
                op = 0;
                if (fact == null) return Long.MAX_VALUE;
            }
            return fact instanceof OpBatch b ? b.lseq()[op] : ((HarvestCompleted) fact).lseq();
        }

        /** Emits this stream's facts while their lseq is at most {@code upTo}. */
        void emit(long upTo, FactSink sink) {
            for (long l = head(); l <= upTo; l = head()) {
                if (l <= last) throw new IllegalStateException("actor " + fact.actor() + "'s stream is out of order at lseq " + l);
                last = l;
                if (fact instanceof OpBatch b) {
                    long[] lseq = b.lseq();
                    long[] time = b.time();
                    byte[] kind = b.kind();
                    int[] target = b.target();
                    long[] value = b.value();
                    int actor = b.actor();
                    int n = lseq.length;
                    int i = op;
                    sink.op(actor, Op.of(kind[i]), target[i], value[i], lseq[i], time[i]);
                    for (i++; i < n && lseq[i] <= upTo; i++) {
                        if (lseq[i] <= lseq[i - 1]) throw new IllegalStateException("actor " + actor + "'s stream is out of order at lseq " + lseq[i]);
                        sink.op(actor, Op.of(kind[i]), target[i], value[i], lseq[i], time[i]);
                    }
                    op = i;
                    last = lseq[i - 1];
                } else {
                    sink.harvest((HarvestCompleted) fact);
                    fact = null;
                }
            }
        }
    }
}
