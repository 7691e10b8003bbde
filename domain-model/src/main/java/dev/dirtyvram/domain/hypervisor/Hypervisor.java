package dev.dirtyvram.domain.hypervisor;

import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.OpLog;
import dev.dirtyvram.domain.memory.MachineMemory;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.memory.PmlLogs;
import dev.dirtyvram.domain.memory.Pte;
import dev.dirtyvram.domain.paging.GuestPageTables;
import dev.dirtyvram.domain.paging.ShadowPageTables;
import dev.dirtyvram.domain.paging.VirtualLayout;
import dev.dirtyvram.domain.strategy.HarvestContext;
import dev.dirtyvram.domain.strategy.HarvestReport;
import dev.dirtyvram.domain.strategy.HarvestStrategy;
import dev.dirtyvram.domain.strategy.HarvestWalk;
import java.util.function.IntConsumer;

/**
 * Hypervisor software: everything that runs under the shadow lock (paging_lock). Page faults, emulated guest PTE
 * writes, trackDirtyVram and flushTlbMask. The caller owns the lock: one thread (the reference driver) or one actor
 * (the shadow-lock owner) at a time.
 */
public final class Hypervisor {
    private final SimConfig cfg;
    private final MachineMemory mem;
    private final P2m p2m;
    private final VirtualLayout vl;
    private final GuestPageTables gpt;
    private final HarvestStrategy strategy;
    private final ShadowPageTables shadow;
    private final HarvestContext ctx;
    private final OpLog log;
    private int harvestId;
    private boolean flushOwed;

    public Hypervisor(SimConfig cfg, MachineMemory mem, P2m p2m, GuestPageTables gpt, OpLog log) {
        this.cfg = cfg;
        this.mem = mem;
        this.p2m = p2m;
        this.vl = gpt.layout();
        this.gpt = gpt;
        this.log = log;
        this.strategy = HarvestStrategy.create(cfg, p2m, log::now);
        this.shadow = new ShadowPageTables(mem, p2m, cfg.setL1e());
        shadow.hooks(strategy);
        this.ctx = new HarvestContext(cfg, mem, p2m, vl, gpt, shadow, log);
    }

    public HarvestStrategy strategy() { return strategy; }

    public OpLog log() { return log; }

    /**
     * sh_page_fault for VCPU {@code vcpu}'s access to {@code vpn}. Returns true when the shadow entry was (re)built and the
     * access should be retried; false when the guest's own tables forbid it (reflected to the guest, which drops
     * the store).
     */
    public boolean shPageFault(int vcpu, int vpn, boolean isWrite) {
        flushOwed = false;
        PmlLogs pml = mem.pml();
        if (isWrite && pml != null && pml.full(vcpu)) {
            strategy.pmlFull(vcpu, ctx); // the PML-full exit: drain the log, and the store is retried
            return true;
        }
        long g = gpt.gl1e(vpn);
        if (guestForbids(g, vpn, isWrite)) {
            log.record(Op.GUEST_FAULT, vpn, isWrite ? 1 : 0, mem.tick());
            return false;
        }
        int mfn = p2m.gfnToMfn(GuestPageTables.gfn(g));
        int page = p2m.lfbPageOfMfn(mfn);
        long flags = Pte.PRESENT;
        if (Pte.writable(g) && (page < 0 || strategy.grantWrite(vcpu, page, isWrite))) {
            flags |= Pte.RW;
            if (strategy.presetDirty(page)) flags |= Pte.DIRTY;
        }
        shadow.shadowSetL1e(vpn, Pte.make(mfn, flags), log);
        flushOwed = strategy.afterFault(vcpu, ctx);
        return true;
    }

    /** The guest's own tables forbid the access: its gl1e, or (a write) a read-only level above the LFB's range. */
    private boolean guestForbids(long g, int vpn, boolean isWrite) {
        return !Pte.present(g) || (isWrite && !Pte.writable(g)) || (isWrite && vl.inLfbRange(vpn) && gpt.lfbRangeReadOnly());
    }

    /**
     * Whether a VCPU's fault takes KVM's lock-free path ({@code fast_page_fault}, arch/x86/kvm/mmu/mmu.c): a write to a
     * present entry of an LFB frame that the guest maps writable and that only dirty logging made read-only. A pure
     * test (no access recorded), so that a driver may ask it before it decides whether the fault waits for the lock.
     */
    public boolean fastFaultable(int vpn, boolean isWrite) {
        if (!isWrite) return false;
        long sl1e = mem.peekSl1e(vpn);
        if (!Pte.present(sl1e) || Pte.writable(sl1e)) return false;
        int page = p2m.lfbPageOfMfn(Pte.mfn(sl1e));
        if (page < 0 || !strategy.fastFaultable(page)) return false;
        long g = gpt.gl1e(vpn);
        return !guestForbids(g, vpn, true) && p2m.gfnToMfn(GuestPageTables.gfn(g)) == Pte.mfn(sl1e);
    }

    /**
     * fast_page_fault, without the lock, when {@link #fastFaultable}: the page is logged and one atomic update
     * ({@code cmpxchg} of the SPTE) makes the entry writable. It may come between two steps of a harvest. False when
     * the fault needs the slow path (shPageFault, under the lock).
     */
    public boolean fastPageFault(int vcpu, int vpn, boolean isWrite) {
        if (!fastFaultable(vpn, isWrite)) return false;
        long sl1e = mem.peekSl1e(vpn);
        strategy.grantWrite(vcpu, p2m.lfbPageOfMfn(Pte.mfn(sl1e)), true);
        shadow.exchangeL1e(vpn, sl1e | Pte.RW, log);
        return true;
    }

    /** The last fault's handling removed write access: every VCPU's TLB is flushed before the faulting one runs again. */
    public boolean flushOwed() {
        return flushOwed;
    }

    /**
     * An emulated guest page-table change. Returns true when every VCPU's TLB must be flushed afterwards (the
     * guest's own invlpg / flush, which shadow mode turns into flushTlbMask).
     */
    public boolean applyGuestEvent(GuestEventKind kind, int first, int count) {
        log.record(Op.GUEST_EVENT, kind.ordinal(), first, mem.tick());
        switch (kind) {
            case ALIAS_MAP -> {
                for (int p = first; p < first + count; p++) {
                    gpt.setGl1e(vl.aliasVpn(p), Pte.make(P2m.lfbGfn(p), Pte.PRESENT | Pte.RW));
                }
                return false; // shadow entries are built by the first fault
            }
            case ALIAS_UNMAP -> {
                for (int p = first; p < first + count; p++) {
                    gpt.setGl1e(vl.aliasVpn(p), 0);
                    shadow.shadowSetL1e(vl.aliasVpn(p), 0, log);
                }
                return true;
            }
            case REMAP -> {
                for (int p = first; p < first + count; p++) {
                    int gfn = p2m.spareGfn((p - first) % P2m.SPARE_FRAMES);
                    gpt.setGl1e(vl.kernelVpn(p), Pte.make(gfn, Pte.PRESENT | Pte.RW));
                    shadow.shadowSetL1e(vl.kernelVpn(p), Pte.make(p2m.gfnToMfn(gfn), Pte.PRESENT | Pte.RW), log);
                }
                return true;
            }
            case UNREMAP -> {
                for (int p = first; p < first + count; p++) {
                    gpt.setGl1e(vl.kernelVpn(p), Pte.make(P2m.lfbGfn(p), Pte.PRESENT | Pte.RW));
                    shadow.shadowSetL1e(vl.kernelVpn(p), 0, log);
                }
                return true;
            }
            case HIGHER_LEVEL_RO, HIGHER_LEVEL_RW -> {
                boolean ro = kind == GuestEventKind.HIGHER_LEVEL_RO;
                gpt.setLfbRangeReadOnly(ro);
                mem.setLfbRangeReadOnly(ro);
                return true;
            }
            case SHADOW_TEARDOWN -> {
                shadow.destroyL1(0, vl.virtualPages(), log); // sh_destroy_l1_shadow: put hooks, not shadowSetL1e
                return true;
            }
            case MODE_SWITCH -> {
                strategy.rangeChanged();
                return false;
            }
            case LONG_IDLE -> {
                return false; // the guest's VCPUs go quiet; nothing of the hypervisor's changes
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    /** trackDirtyVram: the hypercall's entry (under the shadow lock); the driver runs the rest as it says. */
    public TrackDirtyVram trackDirtyVram(boolean forceFlush) {
        harvestId++;
        log.record(Op.HARVEST_STARTED, harvestId, cfg.strategy() == StrategyId.MEMCMP ? 0 : 1, mem.tick());
        return new TrackDirtyVram(this, strategy.begin(ctx, log.lastLseq(), forceFlush));
    }

    public ShadowPageTables shadow() { return shadow; }

    public int harvestId() { return harvestId; }

    /** The walk and its flush are over: release the lock and hand the device model its report. */
    HarvestReport report(HarvestWalk walk, boolean flushed) {
        log.record(Op.HARVEST_REPORTED, harvestId, walk.framesLookedUp(), mem.tick());
        return HarvestReport.of(harvestId, walk, flushed);
    }

    /** flushTlbMask(dirtyCpumask): one IPI per VCPU; {@code ipi} delivers it (and the caller awaits the acks). */
    public void flushTlbMask(IntConsumer ipi) {
        for (int v = 0; v < cfg.vcpus(); v++) {
            log.record(Op.IPI_SENT, v, 0, mem.tick());
            ipi.accept(v);
        }
    }

    /** domain_pause: every VCPU; {@code pause} delivers it (and the caller awaits the acks). */
    public void pauseDomain(IntConsumer pause) {
        for (int v = 0; v < cfg.vcpus(); v++) {
            log.record(Op.DOMAIN_PAUSED, v, 0, mem.tick());
            pause.accept(v);
        }
    }
}
