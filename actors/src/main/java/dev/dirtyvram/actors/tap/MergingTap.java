package dev.dirtyvram.actors.tap;

import dev.dirtyvram.domain.driver.Fatal;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.TimelineMerger;
import dev.dirtyvram.domain.memory.MachineMemory;
import dev.dirtyvram.domain.oracle.RunFold;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Concurrent mode's tap: actors hand their facts over in no global order, each in its own lseq order, and a thread
 * of its own merges and folds them while the run goes on, keeping only what is not final yet. A fact is final once
 * no actor can still hand over one below it: every actor between messages has handed over all it recorded, and an
 * actor inside a message records only facts numbered after the machine's counter as it was when the message began.
 * So the watermark is the counter, read first, lowered to where each busy actor began; everything up to it is merged
 * and folded. An actor that handed over more than {@link #MAX_PENDING_OPS} not yet folded waits (between messages)
 * until the fold catches up: memory stays bounded and the run's clock, not its facts, gives way.
 */
public final class MergingTap implements FactTap {
    static final long MAX_PENDING_OPS = 1 << 21;
    private static final long IDLE = Long.MAX_VALUE;

    private final MachineMemory mem;
    private final RunFold fold;
    private final List<ConcurrentLinkedQueue<Fact>> queues = new ArrayList<>();
    /** Per actor: the counter when its current message began, or {@link #IDLE} between messages. */
    private final AtomicLongArray openedAt;
    private final AtomicLong pendingOps = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private final TimelineMerger merger;
    private final Thread folder;
    private volatile boolean finished;
    private volatile Throwable failure;

    /** @param extra hears the timeline too, or null */
    public MergingTap(Machine m, FactSink extra) {
        this.mem = m.mem();
        this.fold = new RunFold(m.cfg(), m.p2m());
        int actors = m.ids().count();
        this.openedAt = new AtomicLongArray(actors);
        List<TimelineMerger.Stream> streams = new ArrayList<>();
        for (int a = 0; a < actors; a++) {
            ConcurrentLinkedQueue<Fact> q = new ConcurrentLinkedQueue<>();
            queues.add(q);
            streams.add(() -> {
                Fact f = q.poll();
                if (f != null) pendingOps.addAndGet(-f.ops());
                return f;
            });
            openedAt.set(a, 0); // an actor that has not handled a message yet may still record anything
        }
        this.merger = new TimelineMerger(streams, FactSink.tee(fold, extra));
        this.folder = new Thread(this::foldAll, "dirtyvram-merge");
        folder.setDaemon(true);
        folder.start();
    }

    @Override
    public void opened(int actor) {
        openedAt.set(actor, mem.lastLseq());
    }

    @Override
    public void add(int actor, List<Fact> facts) {
        pendingOps.addAndGet(Fact.ops(facts));
        queues.get(actor).addAll(facts);
        openedAt.set(actor, IDLE);
        while (pendingOps.get() > MAX_PENDING_OPS && failure == null && !finished) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    /** Everything up to the lseq below which no actor can hand over a fact any more. */
    private long watermark() {
        long w = mem.lastLseq();
        for (int a = 0; a < openedAt.length(); a++) w = Math.min(w, openedAt.get(a));
        return w;
    }

    private void foldAll() {
        try {
            while (!finished) {
                merger.drain(watermark());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        } catch (RuntimeException | Error e) {
            if (e instanceof Error) Fatal.record(e);
            failure = e;
        }
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
        finished = true;
        try {
            folder.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while folding", e);
        }
        if (failure == null) {
            try {
                merger.drain(Long.MAX_VALUE);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }
        if (failure instanceof Error e) throw e;
        if (failure != null) throw (RuntimeException) failure;
        return fold;
    }
}
