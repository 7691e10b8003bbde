package dev.dirtyvram.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.OpBatch;
import dev.dirtyvram.domain.event.TimelineMerger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
class TimelineMergerTest {
    private static OpBatch batch(int actor, long... lseqs) {
        int n = lseqs.length;
        byte[] kinds = new byte[n];
        Arrays.fill(kinds, (byte) Op.VM_EXIT.ordinal());
        return new OpBatch(actor, lseqs, new long[n], kinds, new int[n], new long[n]);
    }

    private static HarvestCompleted harvest(int actor, long lseq) {
        return new HarvestCompleted(actor, lseq, 0, 1, HarvestOutcome.BITMAP, new long[1], new long[1], false, false);
    }

    /** Every actor's whole stream, each a finished list, merged to {@code sink}. */
    private static void merge(List<List<Fact>> streams, FactSink sink) {
        List<TimelineMerger.Stream> finished = new ArrayList<>();
        for (List<Fact> facts : streams) {
            Iterator<Fact> it = facts.iterator();
            finished.add(() -> it.hasNext() ? it.next() : null);
        }
        new TimelineMerger(finished, sink).drain(Long.MAX_VALUE);
    }

    /** Records the order of lseqs and actors the sink saw. */
    private static final class Order implements FactSink {
        final List<Long> lseqs = new ArrayList<>();
        final List<Integer> actors = new ArrayList<>();

        @Override
        public void op(int actor, Op kind, int target, long value, long lseq, long time) {
            lseqs.add(lseq);
            actors.add(actor);
        }

        @Override
        public void harvest(HarvestCompleted h) {
            lseqs.add(h.lseq());
            actors.add(h.actor());
        }
    }

    @Test
    void interleavesActorStreamsByLseq() {
        List<Fact> a = List.of(batch(0, 1, 4, 5), batch(0, 9));
        List<Fact> b = List.of(batch(1, 2, 3), harvest(1, 7), batch(1), batch(1, 8, 10));
        List<Fact> c = List.of(batch(2, 6));
        Order o = new Order();
        merge(List.of(a, b, c, List.of()), o);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), o.lseqs);
        assertEquals(List.of(0, 1, 1, 0, 0, 2, 1, 1, 0, 1), o.actors);
    }

    /** A live tap's streams: facts arrive while the merge goes on, and only what lies below the watermark goes out. */
    @Test
    void mergesIncrementallyUpToTheWatermarkSplittingBatches() {
        List<ArrayDeque<Fact>> queues = List.of(new ArrayDeque<>(), new ArrayDeque<>());
        Order o = new Order();
        TimelineMerger m = new TimelineMerger(queues.stream().map(q -> (TimelineMerger.Stream) q::poll).toList(), o);
        queues.get(0).add(batch(0, 1, 3, 6, 8));
        m.drain(4);
        assertEquals(List.of(1L, 3L), o.lseqs, "stops inside a batch at the watermark");
        queues.get(1).add(batch(1, 5, 7));
        m.drain(7);
        assertEquals(List.of(1L, 3L, 5L, 6L, 7L), o.lseqs);
        queues.get(1).add(harvest(1, 9));
        m.drain(Long.MAX_VALUE);
        assertEquals(List.of(1L, 3L, 5L, 6L, 7L, 8L, 9L), o.lseqs);
    }

    @Test
    void refusesTwoActorsWithOneLseq() {
        assertThrows(IllegalStateException.class, () -> merge(List.of(List.of(batch(0, 2)), List.of(batch(1, 2))), new Order()));
    }

    @Test
    void refusesAStreamOutOfOrder() {
        List<Fact> a = List.of(batch(0, 1, 5), batch(0, 3));
        assertThrows(IllegalStateException.class, () -> merge(List.of(a), new Order()));
    }
}
