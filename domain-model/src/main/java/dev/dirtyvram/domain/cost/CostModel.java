package dev.dirtyvram.domain.cost;

import dev.dirtyvram.domain.event.Op;

/**
 * Cycles per operation, so that strategies compare like for like and published CPU figures can be checked. The
 * values come from {@code dirtyvram-defaults.conf} (presets {@code modern} and {@code 2008}; each key {@code cost.*}
 * overrides its preset); docs/xen-fidelity.md gives the source of each figure.
 *
 * @param tlbHit             a store that hits the TLB
 * @param pageWalk           a TLB miss with the walk in cache
 * @param faultVmExit        a shadow page fault: VM exit, sh_page_fault, VM entry
 * @param vmExit             a bare VM exit and entry (timer tick), without the handler's work
 * @param hypercall          the device model's ioctl into trackDirtyVram and back
 * @param ipi                one TLB-shootdown IPI and its acknowledgement
 * @param pteRead            reading one sl1e (cached)
 * @param pteClear           a write of one sl1e (a locked read-modify-write or a store)
 * @param memcmpPerKbyte     memcmp, cycles per 1000 LFB bytes: qemu reads the LFB and its copy
 * @param sl1maPerFrame      sl1ma's per-frame work in the loop: the p2m lookup and the page's type read
 * @param deviceModelRefresh the device model's fixed cost per refresh (timer wake-up, ioctl, display update scan)
 * @param domainPause        pausing one VCPU and waiting for it to deschedule
 * @param redrawPerPage      the device model redrawing one 4 KiB page to its display surface
 * @param cyclesPerNs        clock rate, to turn cycles into time and CPU share
 */
public record CostModel(long tlbHit, long pageWalk, long faultVmExit, long vmExit, long hypercall, long ipi,
                        long pteRead, long pteClear, long memcmpPerKbyte, long sl1maPerFrame, long deviceModelRefresh,
                        long domainPause, long redrawPerPage, long cyclesPerNs) {

    public static final int PAGE_BYTES = 4096;

    /** A negative cost, or a clock below 1 cycle/ns, is bad input: one line naming the key. */
    public CostModel {
        long[] v = {tlbHit, pageWalk, faultVmExit, vmExit, hypercall, ipi, pteRead, pteClear, memcmpPerKbyte,
                sl1maPerFrame, deviceModelRefresh, domainPause, redrawPerPage};
        String[] k = {"tlb-hit", "page-walk", "fault-vm-exit", "vm-exit", "hypercall", "ipi", "pte-read", "pte-clear",
                "memcmp-per-kbyte", "sl1ma-per-frame", "device-model-refresh", "domain-pause", "redraw-per-page"};
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) throw new IllegalArgumentException("cost." + k[i] + " must not be negative, got " + v[i]);
        }
        if (cyclesPerNs < 1) throw new IllegalArgumentException("cost.cycles-per-ns must be at least 1, got " + cyclesPerNs);
    }

    /** What one elementary fact costs: drives the deterministic clock, and the fold's cost figures. */
    public long cyclesOf(Op kind) {
        return switch (kind) {
            case GUEST_WRITE, GUEST_WRITE_CACHED_D, GUEST_READ -> tlbHit;
            case TLB_FILL -> pageWalk;
            case DIRTY_BIT_SET, SHADOW_L1E_SET, PTE_WRITE_BACK, DIRTY_BIT_CLEARED -> pteClear;
            case PTE_READ, DIRTY_LOG_READ -> pteRead;
            case PAGE_FAULT, GUEST_FAULT, GUEST_EVENT -> faultVmExit;
            case VM_EXIT, TLB_FLUSHED -> vmExit;
            case HARVEST_STARTED -> hypercall;
            case DOMAIN_PAUSED -> domainPause;
            case IPI_SENT -> ipi;
            case MEMCMP_READ -> memcmpPage();
            case REDRAW_READ -> redrawPerPage;
            case HARVEST_REPORTED, QUIESCE, WRITE_ACCESS_DROPPED -> 0;
            // the exit to user space, and KVM_RESET_DIRTY_RINGS (an ioctl, as dear as a hypercall)
            case DIRTY_RING_FULL -> vmExit + hypercall;
            // the PML-full exit and its handler (vmx_vcpu_flush_pml_buffer), as dear as a fault's exit
            case PML_FULL -> faultVmExit;
            // one entry of a drain: p2m_change_type_one and paging_mark_pfn_dirty, each a write of an entry
            case PML_DRAINED -> pteClear;
        };
    }

    public long memcmpPage() {
        return PAGE_BYTES * memcmpPerKbyte / 1000;
    }

    public long ns(long cycles) {
        return Math.max(1, cycles / cyclesPerNs);
    }

    /** Cycles as a percentage of one core over {@code ns}. */
    public double cpuPercent(long cycles, long ns) {
        return ns <= 0 ? 0 : 100.0 * cycles / ((double) ns * cyclesPerNs);
    }
}
