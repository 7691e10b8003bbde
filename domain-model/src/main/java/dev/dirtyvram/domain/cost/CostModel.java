package dev.dirtyvram.domain.cost;

/**
 * Cycles per operation, so that strategies compare like for like. The defaults are round figures of the order
 * published for recent x86 server parts; each is a configuration key ({@code cost.*}) and none is measured here.
 *
 * @param tlbHit          a store that hits the TLB (L1 hit; Intel optimisation manual: a few cycles)
 * @param pageWalk        a TLB miss with the walk in cache (tens to ~100 cycles on a 4-level walk)
 * @param faultVmExit     a shadow page fault: VM exit, sh_page_fault, VM entry (VMX round trip ~1 000 cycles plus
 *                        the handler, cf. Intel VT-x transition latencies and Xen shadow fault path lengths)
 * @param vmExit          a bare VM exit and entry (timer tick), without the handler's work
 * @param hypercall       entering and leaving trackDirtyVram (a VM exit plus dispatch)
 * @param ipi             one TLB-shootdown IPI and its acknowledgement (TLB shootdown studies: a few thousand)
 * @param pteRead         reading one sl1e through the linear map (cached)
 * @param pteClear        a locked read-modify-write of one sl1e
 * @param memcmpPerByteX1000  memcmp cost per byte, in thousandths of a cycle (~4 bytes/cycle streaming from DRAM)
 * @param domainPause     pausing one VCPU and waiting for it to deschedule (an IPI plus a context switch)
 * @param redrawPerPage   the device model redrawing one 4 KiB page to its display surface
 * @param cyclesPerNs     clock rate, to turn cycles into virtual time
 */
public record CostModel(long tlbHit, long pageWalk, long faultVmExit, long vmExit, long hypercall, long ipi,
                        long pteRead, long pteClear, long memcmpPerByteX1000, long domainPause,
                        long redrawPerPage, long cyclesPerNs) {

    public static final int PAGE_BYTES = 4096;

    public static CostModel defaults() {
        return new CostModel(4, 60, 2_500, 1_200, 1_500, 3_000, 4, 25, 250, 8_000, 2_000, 3);
    }

    /** What one elementary fact costs: drives the deterministic clock, and the fold's cost figures. */
    public long cyclesOf(dev.dirtyvram.domain.event.Op kind) {
        return switch (kind) {
            case GUEST_WRITE, GUEST_WRITE_CACHED_D, GUEST_READ -> tlbHit;
            case TLB_FILL -> pageWalk;
            case DIRTY_BIT_SET, SHADOW_L1E_SET, PTE_WRITE_BACK, DIRTY_BIT_CLEARED -> pteClear;
            case PTE_READ -> pteRead;
            case PAGE_FAULT, GUEST_FAULT, GUEST_EVENT -> faultVmExit;
            case VM_EXIT, TLB_FLUSHED -> vmExit;
            case HARVEST_STARTED -> hypercall;
            case DOMAIN_PAUSED -> domainPause;
            case IPI_SENT -> ipi;
            case MEMCMP_READ -> memcmpPage();
            case REDRAW_READ -> redrawPerPage;
            case HARVEST_REPORTED, QUIESCE -> 0;
        };
    }

    public long memcmpPage() {
        return PAGE_BYTES * memcmpPerByteX1000 / 1000;
    }

    public long ns(long cycles) {
        return Math.max(1, cycles / cyclesPerNs);
    }
}
