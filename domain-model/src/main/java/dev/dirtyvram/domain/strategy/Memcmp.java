package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.event.HarvestOutcome;

/** No hypervisor help: the device model compares every page with its copy each refresh. */
public final class Memcmp implements HarvestStrategy {
    @Override
    public StrategyId id() { return StrategyId.MEMCMP; }

    @Override
    public void rangeChanged() {
        // memcmp compares everything anyway; its copy stays valid.
    }

    @Override
    public HarvestWalk begin(HarvestContext ctx, long startLseq, boolean forceFlush) {
        return HarvestWalk.immediate(ctx, startLseq, forceFlush, HarvestOutcome.MEMCMP);
    }
}
