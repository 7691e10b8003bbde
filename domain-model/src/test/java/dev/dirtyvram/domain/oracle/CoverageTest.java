package dev.dirtyvram.domain.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.memory.Pte;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoverageTest {
    private static final int VPN = 7;
    private static final int MFN = 0x1000;
    private static final long DIRTY = Pte.make(MFN, Pte.PRESENT | Pte.RW | Pte.ACCESSED | Pte.DIRTY);
    private static final long CLEAN = Pte.make(MFN, Pte.PRESENT | Pte.RW | Pte.ACCESSED);
    private static final int XEN = 2; // two VCPUs: the hypervisor is actor 2

    private static boolean has(Coverage c, Coverage.Situation s) {
        return (c.reached() & (1L << s.ordinal())) != 0;
    }

    @Test
    void aDBitSetBetweenTheWalksReadAndItsClearIsTheClearWindow() {
        Coverage c = new Coverage(2);
        c.op(XEN, Op.HARVEST_STARTED, 1, 0, 1, 0);
        c.op(XEN, Op.PTE_READ, VPN, CLEAN, 2, 0);
        c.op(0, Op.DIRTY_BIT_SET, VPN, DIRTY, 3, 0);
        c.op(XEN, Op.PTE_WRITE_BACK, VPN, CLEAN, 4, 0);
        assertEquals(true, has(c, Coverage.Situation.STORE_IN_CLEAR_WINDOW));
        assertEquals(true, has(c, Coverage.Situation.D_SET_DURING_HARVEST));
    }

    @Test
    void aFaultsReadOfAnSl1eIsNoHarvestsRead() {
        Coverage c = new Coverage(2);
        c.op(XEN, Op.PTE_READ, VPN, CLEAN, 1, 0);
        c.op(0, Op.DIRTY_BIT_SET, VPN, DIRTY, 2, 0);
        assertEquals(false, has(c, Coverage.Situation.STORE_IN_CLEAR_WINDOW));
    }

    @Test
    void aDBitSetAfterTheClearIsNot() {
        Coverage c = new Coverage(2);
        c.op(XEN, Op.HARVEST_STARTED, 1, 0, 1, 0);
        c.op(XEN, Op.PTE_READ, VPN, DIRTY, 2, 0);
        c.op(XEN, Op.DIRTY_BIT_CLEARED, VPN, DIRTY, 3, 0);
        c.op(XEN, Op.HARVEST_REPORTED, 1, 0, 4, 0);
        c.op(0, Op.DIRTY_BIT_SET, VPN, DIRTY, 5, 0);
        assertEquals(0, c.reached());
    }

    @Test
    void aStoreThroughDCachedBeforeAClearIsStaleUntilItsVcpuFlushes() {
        Coverage c = new Coverage(2);
        c.op(1, Op.TLB_FILL, VPN, DIRTY, 1, 0);
        c.op(XEN, Op.DIRTY_BIT_CLEARED, VPN, DIRTY, 2, 0);
        c.op(1, Op.GUEST_WRITE_CACHED_D, MFN, 3, 3, 0);
        assertEquals(true, has(c, Coverage.Situation.STALE_D_STORE));

        Coverage flushed = new Coverage(2);
        flushed.op(1, Op.TLB_FILL, VPN, DIRTY, 1, 0);
        flushed.op(XEN, Op.DIRTY_BIT_CLEARED, VPN, DIRTY, 2, 0);
        flushed.op(1, Op.TLB_FLUSHED, 0, 0, 3, 0);
        flushed.op(1, Op.TLB_FILL, VPN, DIRTY, 4, 0);
        flushed.op(1, Op.GUEST_WRITE_CACHED_D, MFN, 5, 5, 0);
        assertEquals(false, has(flushed, Coverage.Situation.STALE_D_STORE));
    }

    @Test
    void countsAndTheSituationsNeverReached() {
        long[] counts = new long[Coverage.Situation.values().length];
        Coverage.count(1L << Coverage.Situation.FAULT_DURING_HARVEST.ordinal(), counts);
        Coverage.count(1L << Coverage.Situation.FAULT_DURING_HARVEST.ordinal(), counts);
        assertEquals(2L, Coverage.table(counts).get("fault-during-harvest"));
        List<Coverage.Situation> never = Coverage.never(counts);
        assertEquals(Coverage.Situation.values().length - 1, never.size());
        assertNotEquals(-1, never.indexOf(Coverage.Situation.FILL_DURING_FLUSH));
    }
}
