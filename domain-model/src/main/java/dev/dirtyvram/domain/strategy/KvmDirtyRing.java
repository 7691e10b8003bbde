package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.event.DirtyVram;
import dev.dirtyvram.domain.event.Op;

/**
 * KVM's dirty ring ({@code virt/kvm/dirty_ring.c}, QEMU's {@code accel/kvm/kvm-all.c}): each VCPU has a ring of
 * {@code kvm.ring-size} entries. The write fault that gives a write-protected page its write access back pushes the
 * page onto the faulting VCPU's ring ({@code kvm_dirty_ring_push}). Once a ring holds its soft limit (its size less
 * the 64 entries KVM reserves, {@code kvm_dirty_ring_get_rsvd_entries}; PML, which would reserve 512 more, is off),
 * the VCPU exits with {@code KVM_EXIT_DIRTY_RING_FULL} before it runs again, and QEMU's VCPU thread reaps: it collects
 * every ring in order into its own dirty bitmap ({@code kvm_dirty_ring_reap}) and asks KVM to reset them
 * ({@code KVM_RESET_DIRTY_RINGS}: each collected page write-protected again, {@code kvm_reset_dirty_gfn}, then one
 * flush). QEMU's display refresh ({@code kvm_dirty_ring_flush} from {@code log_sync}) reaps the same way, then reads
 * and clears its bitmap: what a harvest reports.
 * <p>
 * Simplified: the full exit is handled in the fault that filled the ring (so the store that faulted is retried after
 * the reset, faults again and is pushed again, as KVM pushes before the write retires); QEMU's reaper thread is not
 * modelled apart from the refresh; entries are pages of the one framebuffer slot; collecting is in order and skips
 * nothing (the store-release of the entry flags that QEMU's 2022 fix added is always there).
 */
public final class KvmDirtyRing extends RestartsAfterRangeChange {
    /** Entries KVM keeps free below a ring's size (KVM_DIRTY_RING_RSVD_ENTRIES, without PML's 512). */
    static final int RESERVED = 64;

    /** Per VCPU: the pages pushed, as kvm_dirty_gfn offsets; a ring of a power-of-two size. */
    private final int[][] rings;
    /** Per VCPU: entries pushed so far, and entries collected and reset (the ring's dirty and reset indexes). */
    private final long[] pushed;
    private final long[] reset;
    private final int softLimit;
    /** Pages write-protected since their last push (every page when logging starts). */
    private final long[] protects;
    /** QEMU's dirty bitmap of the VGA region: what reaps collected, until the display's next refresh reads it. */
    private final long[] qemuBitmap;
    private final int pages;

    KvmDirtyRing(int pages, int vcpus, int ringSize) {
        this.pages = pages;
        this.rings = new int[vcpus][ringSize];
        this.pushed = new long[vcpus];
        this.reset = new long[vcpus];
        this.softLimit = ringSize - RESERVED;
        this.protects = DirtyVram.bitmap(pages);
        this.qemuBitmap = DirtyVram.bitmap(pages);
        DirtyVram.setAll(protects, pages);
    }

    @Override
    public StrategyId id() { return StrategyId.KVM_DIRTY_RING; }

    /** The page fault on a dirty-logged page: a write pushes the page onto this VCPU's ring and maps it writable. */
    @Override
    public boolean grantWrite(int vcpu, int page, boolean isWrite) {
        if (!DirtyVram.isSet(protects, page)) return true;
        if (!isWrite) return false;
        int[] ring = rings[vcpu];
        ring[(int) (pushed[vcpu]++ & (ring.length - 1))] = page;
        DirtyVram.clear(protects, page);
        return true;
    }

    /** KVM_EXIT_DIRTY_RING_FULL once the VCPU's ring reached its soft limit: QEMU reaps every ring before it runs again. */
    @Override
    public boolean afterFault(int vcpu, HarvestContext ctx) {
        if (pushed[vcpu] - reset[vcpu] < softLimit) return false;
        long[] collected = DirtyVram.bitmap(pages);
        long entries = collectAll(collected);
        ctx.log().record(Op.DIRTY_RING_FULL, vcpu, entries, ctx.mem().tick());
        boolean flush = false;
        for (int p = 0; p < pages; p++) {
            if (!DirtyVram.isSet(collected, p)) continue;
            for (int which = 0; which < LoggedMappings.MAPPINGS; which++) flush |= LoggedMappings.writeProtect(ctx, p, which);
        }
        return flush;
    }

    /** Every ring's entries in order into QEMU's bitmap and {@code collected}; how many. */
    private long collectAll(long[] collected) {
        long entries = 0;
        for (int v = 0; v < rings.length; v++) {
            for (; reset[v] < pushed[v]; entries++) collectOne(v, collected);
        }
        return entries;
    }

    /** VCPU {@code v}'s oldest entry into QEMU's bitmap and {@code collected}; its page is protected again at the reset. */
    private void collectOne(int v, long[] collected) {
        int page = rings[v][(int) (reset[v]++ & (rings[v].length - 1))];
        DirtyVram.set(qemuBitmap, page);
        DirtyVram.set(collected, page);
        DirtyVram.set(protects, page);
    }

    /**
     * The display's refresh: collect every ring, one entry a step; hand over QEMU's bitmap and clear it; reset, one
     * mapping of one collected page a step; the flush after (harvest.flush-after-clear).
     */
    @Override
    protected HarvestWalk walk(HarvestContext ctx, long startLseq, boolean forceFlush) {
        return new HarvestWalk(ctx, startLseq, forceFlush) {
            private final long[] collected = DirtyVram.bitmap(pages);
            private int vcpu;
            private boolean resetting;
            private int page = -1;
            private int slot;

            @Override
            protected boolean advance() {
                if (!resetting) {
                    while (vcpu < rings.length && reset[vcpu] == pushed[vcpu]) vcpu++;
                    if (vcpu < rings.length) {
                        collectOne(vcpu, collected);
                        return true;
                    }
                    resetting = true;
                    for (int w = 0; w < qemuBitmap.length; w++) {
                        reported[w] = qemuBitmap[w];
                        qemuBitmap[w] = 0;
                    }
                }
                if (slot == 0) {
                    page = page + 1;
                    while (page < pages && !DirtyVram.isSet(collected, page)) page++;
                    if (page >= pages) return false;
                }
                if (LoggedMappings.writeProtect(ctx, page, slot)) cleared = true;
                slot = (slot + 1) % LoggedMappings.MAPPINGS;
                return true;
            }
        };
    }
}
