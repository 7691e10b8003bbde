package dev.dirtyvram.actors.tap;

import dev.dirtyvram.domain.driver.Fatal;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.oracle.FoldPipeline;
import dev.dirtyvram.domain.oracle.RunFold;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deterministic mode's tap: one actor runs at a time, so facts arrive in lseq order already, and the fold runs on a
 * thread of its own ({@link FoldPipeline}, as the reference driver's) while the run goes on, keeping none: a bounded
 * number of chunks wait for it, beyond which the run waits for the fold. The fold refuses a timeline out of order, so
 * a broken assumption fails loudly (an Error on the fold's thread is the run's fatal error).
 */
public final class FoldingTap implements FactTap {
    private final RunFold fold;
    private final FoldPipeline pipeline;
    private final AtomicLong entries = new AtomicLong();

    /** @param extra hears the timeline too (an explainer), or null; {@code measured}: whether the fold hashes it and keeps the display latencies */
    public FoldingTap(Machine m, FactSink extra, boolean measured) {
        this.fold = new RunFold(m.cfg(), m.p2m(), measured);
        this.pipeline = new FoldPipeline(FactSink.tee(fold, extra), e -> {
            if (e instanceof Error error) Fatal.record(error);
        });
    }

    @Override
    public void add(int actor, List<Fact> facts) {
        pipeline.facts(facts);
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
        pipeline.finish();
        return fold;
    }
}
