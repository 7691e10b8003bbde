package dev.dirtyvram.actors.tap;

import dev.dirtyvram.domain.driver.Fatal;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.OpBatch;
import dev.dirtyvram.domain.event.TimelineMerger;
import dev.dirtyvram.domain.oracle.RunFold;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
/**
 * Deterministic mode's tap: one actor runs at a time, so facts arrive in lseq order already, and a thread of its
 * own folds them while the run goes on (on the core the scheduler leaves idle), keeping none: at most
 * {@link #MAX_PENDING_OPS} wait for it, beyond which the run waits for the fold. The fold refuses a timeline out
 * of order, so a broken assumption fails loudly.
 */
public final class FoldingTap implements FactTap {
    private static final List<Fact> END = List.of();
    /** Accesses handed over and not folded yet, at most (memory that does not grow with the run). */
    static final int MAX_PENDING_OPS = 1 << 20;

    private final RunFold fold;
    private final FactSink sink;
    private final BlockingQueue<List<Fact>> queue = new ArrayBlockingQueue<>(1 << 14);
    private final Semaphore room = new Semaphore(MAX_PENDING_OPS);
    private final Thread folder;
    private volatile Throwable failure;
    private final AtomicLong entries = new AtomicLong();

    /** @param extra hears the timeline too (an explainer), or null; {@code digest}: whether the fold hashes it */
    public FoldingTap(Machine m, FactSink extra, boolean digest) {
        this.fold = new RunFold(m.cfg(), m.p2m(), digest);
        this.sink = FactSink.tee(fold, extra);
        this.folder = new Thread(this::foldAll, "dirtyvram-fold");
        folder.setDaemon(true);
        folder.start();
    }

    private static int ops(List<Fact> facts) {
        long n = 0;
        for (Fact f : facts) n += f instanceof OpBatch b ? b.size() : 1;
        return (int) Math.min(n, MAX_PENDING_OPS);
    }

    private void foldAll() {
        try {
            for (List<Fact> facts = queue.take(); facts != END; facts = queue.take()) {
                try {
                    if (failure == null) TimelineMerger.feed(facts, sink);
                } catch (RuntimeException | Error e) {
                    if (e instanceof Error) Fatal.record(e);
                    failure = e; // keep taking, so that no actor waits on a full queue
                } finally {
                    room.release(ops(facts));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Facts go to the fold a few thousand accesses at a time: handing over each message's waking the fold thread cost
     * more (in system time) than folding them.
     */
    static final int HAND_OVER_OPS = 8192;
    private List<Fact> gathered = new ArrayList<>();
    private int gatheredOps;

    @Override
    public void add(int actor, List<Fact> facts) {
        if (facts.isEmpty()) return;
        gathered.addAll(facts);
        gatheredOps += ops(facts);
        if (gatheredOps >= HAND_OVER_OPS) handOver();
    }

    private void handOver() {
        if (gathered.isEmpty()) return;
        try {
            room.acquire(Math.min(gatheredOps, MAX_PENDING_OPS));
            queue.put(gathered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing facts to the fold", e);
        }
        gathered = new ArrayList<>();
        gatheredOps = 0;
    }

    @Override
    public void journaled() {
        entries.incrementAndGet();
    }

    @Override
    public long entries() {
        return entries.get();
    }

    @Override
    public RunFold fold() {
        try {
            handOver();
            queue.put(END);
            folder.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while folding", e);
        }
        if (failure instanceof Error e) throw e;
        if (failure != null) throw (RuntimeException) failure;
        return fold;
    }
}
