package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.event.DirtyVram;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.memory.PmlLogs;
import java.util.Arrays;

/**
 * Xen's VRAM tracking under hardware-assisted paging ({@code hap_track_dirty_vram}, {@code xen/arch/x86/mm/hap/hap.c}):
 * what is dirty is the p2m type of each page, {@code p2m_ram_rw} (written since the last harvest) or
 * {@code p2m_ram_logdirty}. A harvest pauses the domain (synchronously), drains every VCPU's PML log
 * ({@code p2m_flush_hardware_cached_dirty}), retypes each rw page back to logdirty and sets its bit
 * ({@code p2m_log_dirty_range}, {@code p2m_change_type_one}), flushes ({@code guest_flush_tlb_mask}: a deferred INVEPT,
 * done before each VCPU's next VM entry, so while it is paused), unpauses, and copies the bitmap out. A new range
 * (the first harvest, a mode switch) reports all ones and retypes the range to logdirty.
 * <ul>
 * <li>Without PML ({@code hap.pml = off}, also AMD's NPT): a logdirty page's entries are read-only; a write is an EPT
 * violation ({@code hvm_hap_nested_page_fault}) that marks the page and retypes it rw.</li>
 * <li>With PML: a logdirty page's entries are writable with D clear ({@code ept_p2m_type_to_flags}); the processor sets
 * D and logs the frame in the VCPU's log ({@link PmlLogs}), whose full exit drains it ({@code vmx_vcpu_flush_pml_buffer}:
 * each logged page retyped rw). An rw page, and any frame outside the range, has D set already and logs nothing.</li>
 * </ul>
 * The hazards: {@code hap.drain-pml = off} (the harvest reads the types without draining),
 * {@code hap.flush-after-unpause} (the VCPUs run before the flush) and {@code hap.copy-out-fails-every} (the copy of
 * the bitmap out fails after the retype). Simplified: the EPT entries are the model's entries
 * of the page's mappings ({@link LoggedMappings}); range retypes take effect at once (Xen's are lazy, through EMT
 * misconfigurations, with the same outcome for the next access); the paging lock is held throughout.
 */
public final class Hap implements HarvestStrategy {
    private final int pages;
    private final boolean pml;
    private final boolean drain;
    private final boolean flushAfterUnpause;
    private final int copyOutFailsEvery;
    /** Harvests begun: which of them fails its copy-out. */
    private int calls;
    /** The p2m type of each page: set for rw, clear for logdirty. */
    private final long[] rw;

    Hap(SimConfig cfg) {
        this.pages = cfg.lfbPages();
        this.pml = cfg.hapPml();
        this.drain = cfg.hapDrainPml();
        this.flushAfterUnpause = cfg.hapFlushAfterUnpause();
        this.copyOutFailsEvery = cfg.hapCopyOutFailsEvery();
        this.rw = DirtyVram.bitmap(pages);
        DirtyVram.setAll(rw, pages); // tracking starts with a new range: all ones
    }

    @Override
    public StrategyId id() { return StrategyId.HAP; }

    /**
     * The entry shPageFault builds (ept_p2m_type_to_flags): with PML always writable; without, a logdirty page's
     * read-only, and its write fault is the EPT violation that marks it and retypes it rw.
     */
    @Override
    public boolean grantWrite(int vcpu, int page, boolean isWrite) {
        if (pml || DirtyVram.isSet(rw, page)) return true;
        if (!isWrite) return false;
        DirtyVram.set(rw, page);
        return true;
    }

    /** With PML an rw page's entry (and any frame outside the range: {@code page < 0}) is built with D set. */
    @Override
    public boolean presetDirty(int page) {
        return pml && (page < 0 || DirtyVram.isSet(rw, page));
    }

    /** The PML-full exit: vmx_vcpu_flush_pml_buffer. */
    @Override
    public void pmlFull(int vcpu, HarvestContext ctx) {
        drain(vcpu, ctx);
    }

    /** Each frame VCPU {@code vcpu} logged: its page retyped rw and marked (even when the retype fails, as Xen does). */
    private void drain(int vcpu, HarvestContext ctx) {
        PmlLogs logs = ctx.mem().pml();
        int n = logs.size(vcpu);
        for (int i = 0; i < n; i++) {
            int page = ctx.p2m().lfbPageOfMfn(logs.entry(vcpu, i));
            if (page >= 0) DirtyVram.set(rw, page);
        }
        logs.reset(vcpu);
        ctx.log().record(Op.PML_DRAINED, vcpu, n, ctx.mem().tick());
    }

    @Override
    public void rangeChanged() {
        DirtyVram.setAll(rw, pages);
    }

    /** Drain every VCPU's log (one a step), then each rw page: its bit, and its mappings retyped one a step. */
    @Override
    public HarvestWalk begin(HarvestContext ctx, long startLseq, boolean forceFlush) {
        boolean copyFails = copyOutFailsEvery > 0 && ++calls % copyOutFailsEvery == 0;
        return new HarvestWalk(ctx, startLseq, forceFlush) {
            private int vcpu;
            private int page = -1;
            private int slot;

            @Override
            public boolean needsPause() {
                return true;
            }

            @Override
            public boolean unpausesBeforeFlush() {
                return flushAfterUnpause;
            }

            /** copy_to_guest failed: the device model gets nothing, and the types are already logdirty again. */
            private void copyOutFailed() {
                outcome = HarvestOutcome.COPY_FAILED;
                Arrays.fill(reported, 0);
            }

            @Override
            protected boolean advance() {
                if (pml && drain && vcpu < ctx.cfg().vcpus()) {
                    drain(vcpu++, ctx);
                    return true;
                }
                if (slot == 0) {
                    long at = ctx.log().lastLseq();
                    do {
                        if (++page >= pages) {
                            mustFlush = true; // p2m_log_dirty_range flushes whatever it retyped
                            if (copyFails) copyOutFailed();
                            return false;
                        }
                        examinedLseq[page] = at;
                    } while (!DirtyVram.isSet(rw, page));
                    DirtyVram.clear(rw, page);
                    report(page);
                }
                boolean retyped = pml ? LoggedMappings.clean(ctx, page, slot) : LoggedMappings.writeProtect(ctx, page, slot);
                if (retyped) cleared = true;
                slot = (slot + 1) % LoggedMappings.MAPPINGS;
                return true;
            }
        };
    }
}
