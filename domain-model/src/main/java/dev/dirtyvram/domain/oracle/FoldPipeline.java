package dev.dirtyvram.domain.oracle;

import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.TimelineMerger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * A fold on a thread of its own, for a machine whose facts already come in lseq order: the reference driver writes
 * each fact into a chunk of primitive columns ({@link #op}, {@link #harvest}); deterministic mode's tap hands over each
 * message's facts as they are ({@link #facts}). The fold thread takes a chunk of about {@link #CHUNK} accesses at a
 * time, so that hashing and judging the timeline overlap making it. At most
 * {@link #CHUNKS} chunks are in flight (memory that does not grow with the run): a machine that gets that far
 * ahead waits for the fold. Chunks are made as the machine first needs them, so a short run (a hunt's) makes one or
 * two, not all. What the target sees is exactly what it would see fed directly, in the same order.
 */
public final class FoldPipeline implements FactSink {
    static final int CHUNK = 8192;
    static final int CHUNKS = 16;
    private static final byte HARVEST = -1;

    /** Facts in columns; a harvest is a row of kind {@link #HARVEST} whose target indexes {@code harvests}. */
    private static final class Chunk {
        final int[] actor = new int[CHUNK];
        final byte[] kind = new byte[CHUNK];
        final int[] target = new int[CHUNK];
        final long[] value = new long[CHUNK];
        final long[] lseq = new long[CHUNK];
        final long[] time = new long[CHUNK];
        final List<HarvestCompleted> harvests = new ArrayList<>();
        int n;
        /** Facts handed over as they are (a chunk holds these or columns, never both). */
        final List<Fact> facts = new ArrayList<>();
        long factOps;
    }

    private static final Chunk END = new Chunk();

    private final FactSink target;
    private final Consumer<Throwable> onFailure;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS);
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS + 1);
    /** Chunks made so far: at most CHUNKS in the queue and one being filled. */
    private int made = 1;
    private final Thread folder;
    private volatile Throwable failure;
    private Chunk filling = new Chunk();
    private boolean finished;

    public FoldPipeline(FactSink target) {
        this(target, e -> { });
    }

    /** @param onFailure hears what the fold threw, on the fold's thread (the run's record of a fatal error) */
    public FoldPipeline(FactSink target, Consumer<Throwable> onFailure) {
        this.target = target;
        this.onFailure = onFailure;
        this.folder = new Thread(this::foldAll, "dirtyvram-fold");
        folder.setDaemon(true);
        folder.start();
    }

    @Override
    public void op(int actor, Op kind, int target, long value, long lseq, long time) {
        Chunk c = filling;
        int i = c.n;
        c.actor[i] = actor;
        c.kind[i] = (byte) kind.ordinal();
        c.target[i] = target;
        c.value[i] = value;
        c.lseq[i] = lseq;
        c.time[i] = time;
        c.n = i + 1;
        if (i + 1 == CHUNK) failFastAndHandOver();
    }

    @Override
    public void harvest(HarvestCompleted h) {
        Chunk c = filling;
        c.kind[c.n] = HARVEST;
        c.target[c.n] = c.harvests.size();
        c.harvests.add(h);
        if (++c.n == CHUNK) failFastAndHandOver();
    }

    /**
     * One message's facts, in lseq order after everything handed over before, kept as they are (no copy): handed to
     * the fold once they hold a chunk's worth of accesses. A failure of the fold shows at {@link #finish}.
     */
    public void facts(List<Fact> facts) {
        if (facts.isEmpty()) return;
        if (filling.n > 0) handOver();
        Chunk c = filling;
        c.facts.addAll(facts);
        c.factOps += Fact.ops(facts);
        if (c.factOps >= CHUNK) handOver();
    }

    /** The fold failed (a broken pipe of an export, an order broken): the machine stops now, not at its end. */
    private void failFastAndHandOver() {
        if (failure instanceof Error e) throw e;
        if (failure instanceof RuntimeException e) throw e;
        handOver();
    }

    private void handOver() {
        try {
            full.put(filling);
            Chunk next = free.poll();
            if (next == null && made <= CHUNKS) {
                next = new Chunk();
                made++;
            }
            filling = next != null ? next : free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing facts to the fold", e);
        }
    }

    private void foldAll() {
        try {
            for (Chunk c = full.take(); c != END; c = full.take()) {
                try {
                    if (failure == null) feed(c);
                } catch (RuntimeException | Error e) {
                    onFailure.accept(e);
                    failure = e; // keep taking, so that the machine never waits on a full queue
                }
                c.n = 0;
                c.harvests.clear();
                c.facts.clear();
                c.factOps = 0;
                free.put(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void feed(Chunk c) {
        FactSink t = target;
        if (!c.facts.isEmpty()) TimelineMerger.feed(c.facts, t);
        int[] actor = c.actor;
        byte[] kind = c.kind;
        int[] tg = c.target;
        long[] value = c.value;
        long[] lseq = c.lseq;
        long[] time = c.time;
        for (int i = 0, n = c.n; i < n; i++) {
            byte k = kind[i];
            if (k == HARVEST) t.harvest(c.harvests.get(tg[i]));
            else t.op(actor[i], Op.of(k), tg[i], value[i], lseq[i], time[i]);
        }
    }

    /**
     * Waits until every fact handed over is folded (call it once the machine has stopped, before reading the
     * target); rethrows what the fold threw. Idempotent.
     */
    public void finish() {
        if (!finished) {
            finished = true;
            try {
                full.put(filling);
                full.put(END);
                folder.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while folding", e);
            }
        }
        if (failure instanceof Error e) throw e;
        if (failure instanceof RuntimeException e) throw e;
    }
}
