package dev.dirtyvram.persistence;

import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.OpBatch;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges every actor's stream of facts (each in its own lseq order) into one timeline ordered by linearisation
 * number, fact by fact, and feeds it to a sink. A stream that is not in order is refused: the log is corrupt.
 */
public final class TimelineMerger {
    private TimelineMerger() {}

    public static void merge(List<List<Fact>> streams, FactSink sink) {
        PriorityQueue<Cursor> queue = new PriorityQueue<>((a, b) -> Long.compare(a.lseq(), b.lseq()));
        for (List<Fact> s : streams) {
            Cursor c = new Cursor(s);
            if (c.valid()) queue.add(c);
        }
        while (!queue.isEmpty()) {
            Cursor c = queue.poll();
            long limit = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().lseq();
            // Emit this stream's run of facts up to the next stream's head in one go.
            do {
                c.emit(sink);
            } while (c.valid() && c.lseq() < limit);
            if (c.valid()) queue.add(c);
        }
    }

    /** One actor's facts already in timeline order (nothing to merge with), to {@code sink}: the fast path. */
    public static void feed(List<Fact> facts, FactSink sink) {
        for (Fact f : facts) {
            if (f instanceof OpBatch b) {
                long[] lseq = b.lseq();
                long[] time = b.time();
                int[] target = b.target();
                long[] value = b.value();
                for (int i = 0; i < b.size(); i++) sink.op(b.actor(), b.kind(i), target[i], value[i], lseq[i], time[i]);
            } else {
                sink.harvest((HarvestCompleted) f);
            }
        }
    }

    private static final class Cursor {
        private final List<Fact> facts;
        private int fact;
        private int op;
        private long last = Long.MIN_VALUE;

        Cursor(List<Fact> facts) {
            this.facts = facts;
            skipEmpty();
        }

        boolean valid() {
            return fact < facts.size();
        }

        long lseq() {
            Fact f = facts.get(fact);
            return f instanceof OpBatch b ? b.lseq()[op] : ((HarvestCompleted) f).lseq();
        }

        void emit(FactSink sink) {
            Fact f = facts.get(fact);
            long l = lseq();
            if (l <= last) throw new IllegalStateException("actor " + f.actor() + "'s stream is out of order at lseq " + l);
            last = l;
            if (f instanceof OpBatch b) {
                sink.op(b.actor(), b.kind(op), b.target()[op], b.value()[op], l, b.time()[op]);
                if (++op == b.size()) {
                    op = 0;
                    fact++;
                }
            } else {
                sink.harvest((HarvestCompleted) f);
                fact++;
            }
            skipEmpty();
        }

        private void skipEmpty() {
            while (fact < facts.size() && facts.get(fact) instanceof OpBatch b && b.size() == 0) fact++;
        }
    }
}
