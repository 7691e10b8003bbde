package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.paging.ShadowPageTables;
import dev.dirtyvram.domain.paging.VirtualLayout;

/** A way for the hypervisor to tell the device model what changed (DESIGN section 1). */
public sealed interface HarvestStrategy extends ShadowPageTables.L1eHook
        permits Memcmp, LogDirtyWp, DbitPaused, LinearWalk, Sl1ma {

    StrategyId id();

    /** Called by shPageFault: may the new sl1e for this LFB page be writable? */
    default boolean grantWrite(int page, boolean isWrite) {
        return true;
    }

    @Override
    default void onShadowL1eChange(int vpn, long oldSl1e, long newSl1e) {}

    /** The display mode changed: the tracked range restarts, so the next harvest has no data. */
    void rangeChanged();

    /** trackDirtyVram: start a harvest under the shadow lock. */
    HarvestWalk begin(HarvestContext ctx, long startLseq, boolean forceFlush);

    static HarvestStrategy create(StrategyId id, P2m p2m, VirtualLayout vl) {
        return switch (id) {
            case MEMCMP -> new Memcmp();
            case LOGDIRTY_WP -> new LogDirtyWp(p2m.lfbPages());
            case DBIT_PAUSED -> new DbitPaused();
            case LINEAR_WALK -> new LinearWalk(p2m);
            case SL1MA -> new Sl1ma(p2m, vl);
        };
    }
}
