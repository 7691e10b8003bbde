package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.paging.ShadowPageTables;
import java.util.function.LongSupplier;

/** A way for the hypervisor to tell the device model what changed (DESIGN section 1). */
public sealed interface HarvestStrategy extends ShadowPageTables.L1eHooks
        permits Memcmp, Sl1ma, Hap, RestartsAfterRangeChange {

    StrategyId id();

    /**
     * Called by shPageFault (where _sh_propagate builds the entry) for VCPU {@code vcpu}'s fault: may the new sl1e for
     * this LFB page be writable?
     */
    default boolean grantWrite(int vcpu, int page, boolean isWrite) {
        return true;
    }

    /**
     * fast_page_fault: may a write fault on this LFB page's present read-only entry be fixed without the lock (the
     * entry is read-only for dirty logging alone)? The fix then logs the page through {@link #grantWrite}.
     */
    default boolean fastFaultable(int page) {
        return false;
    }

    /**
     * After shPageFault stored the entry, what the fault makes the hypervisor do before the VCPU runs again (the
     * dirty ring's full exit). True when every VCPU's TLB must be flushed first.
     */
    default boolean afterFault(int vcpu, HarvestContext ctx) {
        return false;
    }

    /**
     * Whether shPageFault builds this page's writable entry with D already set, so that the first write logs nothing
     * ({@code page < 0}: a frame outside the LFB). HAP with PML presets D on every page but a logdirty one.
     */
    default boolean presetDirty(int page) {
        return false;
    }

    /** VCPU {@code vcpu} exited because its PML log is full: the hypervisor drains it (HAP with PML only). */
    default void pmlFull(int vcpu, HarvestContext ctx) {
        throw new IllegalStateException(id().id + " has no PML log to drain");
    }

    /** The display mode changed: the tracked range restarts, so the next harvest has no data. */
    void rangeChanged();

    /** trackDirtyVram: start a harvest under the shadow lock. */
    HarvestWalk begin(HarvestContext ctx, long startLseq, boolean forceFlush);

    /** @param now the hypervisor's clock (NOW()), for sl1ma's last_dirty */
    static HarvestStrategy create(SimConfig cfg, P2m p2m, LongSupplier now) {
        return switch (cfg.strategy()) {
            case MEMCMP -> new Memcmp();
            case LOGDIRTY_WP -> new LogDirtyWp(p2m.lfbPages());
            case DBIT_PAUSED -> new DbitPaused();
            case LINEAR_WALK -> new LinearWalk(p2m, cfg.linearWalkHooks());
            case SL1MA -> new Sl1ma(p2m, cfg.sl1maVersion(), now);
            case HAP -> new Hap(cfg);
            case KVM_DIRTY_LOG -> new KvmDirtyLog(p2m.lfbPages(), false, cfg.kvmWpBeforeSwap(), cfg.kvmUnlockBeforeFlush());
            case KVM_CLEAR_LOG -> new KvmDirtyLog(p2m.lfbPages(), true, false, cfg.kvmUnlockBeforeFlush());
            case KVM_DIRTY_RING -> new KvmDirtyRing(p2m.lfbPages(), cfg.vcpus(), cfg.kvmRingSize());
        };
    }
}
