package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.event.HarvestOutcome;

/**
 * A strategy whose tracking restarts when the display's range changes: the next harvest has "no data" (the device
 * model redraws everything), and the one after walks again.
 */
abstract sealed class RestartsAfterRangeChange implements HarvestStrategy
        permits LogDirtyWp, DbitPaused, LinearWalk, KvmDirtyLog, KvmDirtyRing {
    private boolean noDataNext;

    @Override
    public final void rangeChanged() {
        noDataNext = true;
    }

    @Override
    public final HarvestWalk begin(HarvestContext ctx, long startLseq, boolean forceFlush) {
        if (!noDataNext) return walk(ctx, startLseq, forceFlush);
        noDataNext = false;
        restarted();
        return HarvestWalk.immediate(ctx, startLseq, forceFlush, HarvestOutcome.NO_DATA);
    }

    /** The harvest itself (no range change since the last one). */
    protected abstract HarvestWalk walk(HarvestContext ctx, long startLseq, boolean forceFlush);

    /** What the no-data harvest forgets besides (nothing, unless a strategy says). */
    protected void restarted() {}
}
