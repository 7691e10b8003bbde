package dev.dirtyvram.actors;

import dev.dirtyvram.domain.event.FactSink;

import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.persistence.TimelineMerger;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Deterministic mode's tap: one actor runs at a time, so facts arrive in lseq order already, and a thread of its
 * own folds them while the run goes on (on the core the scheduler leaves idle), keeping none. The fold refuses a
 * timeline out of order, so a broken assumption fails loudly.
 */
public final class FoldingTap implements FactTap {
    private static final List<Fact> END = List.of();

    private final RunFold fold;
    private final FactSink sink;
    private final BlockingQueue<List<Fact>> queue = new ArrayBlockingQueue<>(4096);
    private final Thread folder;
    private volatile RuntimeException failure;
    private long entries;

    /** @param extra hears the timeline too (an explainer), or null */
    public FoldingTap(Machine m, FactSink extra) {
        this.fold = new RunFold(m.cfg(), m.p2m());
        this.sink = FactSink.tee(fold, extra);
        this.folder = new Thread(this::foldAll, "dirtyvram-fold");
        folder.setDaemon(true);
        folder.start();
    }

    private void foldAll() {
        try {
            for (List<Fact> facts = queue.take(); facts != END; facts = queue.take()) {
                if (failure != null) continue; // keep taking, so that no actor waits on a full queue
                try {
                    TimelineMerger.feed(facts, sink);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void add(int actor, List<Fact> facts) {
        entries += facts.size();
        put(facts);
    }

    private void put(List<Fact> facts) {
        try {
            queue.put(facts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing facts to the fold", e);
        }
    }

    @Override
    public long entries() {
        return entries;
    }

    @Override
    public RunFold fold() {
        put(END);
        try {
            folder.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while folding", e);
        }
        if (failure != null) throw failure;
        return fold;
    }
}
