package dev.dirtyvram.domain;

import static dev.dirtyvram.domain.Fixtures.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.config.LinearWalkHooks;
import dev.dirtyvram.domain.config.SetL1eMode;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.Sl1maVersion;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.driver.Domain;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.hypervisor.TrackDirtyVram;
import dev.dirtyvram.domain.memory.Pte;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.domain.strategy.Sl1ma;
import dev.dirtyvram.domain.vcpu.Vcpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each mechanism against a hand-made sequence, named after the Xen function it follows (docs/xen-fidelity.md). */
class XenFidelityTest {
    private static final long SECOND = 1_000_000_000L;

    /** sl1ma armed (the first call's "no data" done) on a 4-page LFB, and the harvests it completes. */
    private static Domain armed(SimConfig.Builder b, Fixtures.Harvests h) {
        Domain d = Fixtures.domain(b.build(), h);
        d.harvestNow(false);
        assertEquals(HarvestOutcome.NO_DATA, h.list.get(0).outcome());
        return d;
    }

    private static HarvestCompleted last(Fixtures.Harvests h) {
        return h.list.get(h.list.size() - 1);
    }

    @Test
    void shadowVramGetMfnRecordsOnlyTheInitialWritableReference() {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = armed(small(StrategyId.SL1MA), h);
        d.load(0, 1); // a read fault while tracking is idle (last_dirty = -1): a read-only entry, nothing recorded
        assertFalse(Pte.writable(d.mem.peekSl1e(1)), "_sh_propagate: a read fault builds a read-only entry");
        assertEquals(0, d.hv.shadow().writableCount(1), "a read-only entry takes no writable type reference");
        d.store(0, 1); // the write fault re-arms, the writable entry is the initial reference: recorded
        assertEquals(1, d.hv.shadow().writableCount(1));
        d.harvestNow(false);
        assertTrue(last(h).reported(1), "count 1, sl1ma known, D set: dirty");
        d.harvestNow(false);
        assertFalse(last(h).reported(1), "D cleared by the last harvest: clean");
    }

    @Test
    void shadowVramPutMfnForgetsTheAliasAndTheRangeGoesQuietAgain() {
        // The audit's probe: a second writable mapping made and removed, then idle. Before the fix the page was
        // reported on every harvest for ever and the 2 s drop never fired.
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = armed(small(StrategyId.SL1MA), h);
        d.store(0, d.vl.kernelVpn(2));
        d.guestEvent(GuestEventKind.ALIAS_MAP, 2, 1);
        d.store(1, d.vl.aliasVpn(2));
        assertEquals(2, d.hv.shadow().writableCount(2), "two writable shadow references");
        d.harvestNow(false);
        assertTrue(last(h).reported(2), "count > 1: dirty");
        d.guestEvent(GuestEventKind.ALIAS_UNMAP, 2, 1); // put with count 2: dirty; the recorded kernel entry stays known
        d.harvestNow(false);
        assertTrue(last(h).reported(2), "the unmap's put hook marked it");
        int reportedAfter = 0;
        for (int i = 0; i < 100; i++) {
            d.advanceTo(d.now() + 30_000_000L);
            d.harvestNow(false);
            if (last(h).reported(2)) reportedAfter++;
        }
        assertEquals(0, reportedAfter, "count 1 with sl1ma known and D clear: clean from then on");
        assertTrue(((Sl1ma) d.hv.strategy()).loopSkipped(), "3 s clean: the 2 s drop fired");
        assertEquals(1, d.fold.summary().writeAccessDrops());
        d.quiesce();
        assertEquals(0, d.fold.summary().lostUpdates());
    }

    @Test
    void unknownSl1maWithCountOneIsDirtyAndItsMappingsAreRemoved() {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = armed(small(StrategyId.SL1MA), h);
        d.guestEvent(GuestEventKind.ALIAS_MAP, 3, 1);
        d.store(1, d.vl.aliasVpn(3)); // the alias is made first: count 1, recorded
        d.store(0, d.vl.kernelVpn(3)); // the kernel entry second: count 2, not recorded
        d.guestEvent(GuestEventKind.ALIAS_UNMAP, 3, 1); // count 2, the recorded one goes: forgotten
        assertEquals(1, d.hv.shadow().writableCount(3));
        d.harvestNow(false);
        assertTrue(last(h).reported(3), "count 1 with sl1ma unknown: dirty");
        assertFalse(Pte.present(d.mem.peekSl1e(d.vl.kernelVpn(3))), "sh_remove_all_mappings: the next fault records one");
        d.store(0, d.vl.kernelVpn(3));
        d.harvestNow(false);
        assertTrue(last(h).reported(3));
        d.harvestNow(false);
        assertFalse(last(h).reported(3), "known again: clean once its D bit is cleared");
    }

    /**
     * A store between the 2 s drop's loop and its removal of write access: the put hook marks the page, then
     * last_dirty = -1. xen-2008 copies that bit out on every call; xen-2026 returns empty bitmaps until a write
     * fault, so a page nobody writes again is never shown.
     */
    @ParameterizedTest
    @EnumSource(Sl1maVersion.class)
    void aBitStrandedByTheDropIsCopiedBy2008AndWithheldBy2026(Sl1maVersion version) {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = armed(small(StrategyId.SL1MA).sl1maVersion(version), h);
        for (int p = 0; p < 4; p++) d.store(0, p);
        d.harvestNow(false);
        d.advanceTo(d.now() + 3 * SECOND);
        TrackDirtyVram call = d.hv.trackDirtyVram(false);
        while (!h.ops.contains(Op.WRITE_ACCESS_DROPPED)) call.step();
        d.store(0, 3); // page 3's entry still writable (the drop walks pages in order): D set
        d.finish(call);
        assertTrue(((Sl1ma) d.hv.strategy()).loopSkipped());
        d.harvestNow(false);
        boolean shown = last(h).reported(3);
        d.harvestNow(false);
        assertEquals(shown, last(h).reported(3), "2008 copies the kept bitmap without clearing it");
        d.quiesce();
        RunSummary s = d.fold.summary();
        if (version == Sl1maVersion.XEN_2008) {
            assertTrue(shown, "xen-2008 reports the stranded bit");
            assertEquals(0, s.lostUpdates());
        } else {
            assertFalse(shown, "xen-2026 returns an empty bitmap while last_dirty = -1");
            assertEquals(1, s.lostUpdates(), "no write fault ever re-arms: the store is never shown");
        }
    }

    /**
     * shadow_set_l1e reads the old entry, stores the new one, and calls the put hook with the flags as read: a D bit
     * set in between is lost to the hook. An atomic exchange hands the hook what it replaced. (xen-2008, so that a
     * bit the hook did set is reported by the next call.)
     */
    @ParameterizedTest
    @EnumSource(SetL1eMode.class)
    void aDirtyBitSetBetweenShadowSetL1esReadAndStoreIsLostOnlyWithReadThenStore(SetL1eMode mode) {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = armed(small(StrategyId.SL1MA).sl1maVersion(Sl1maVersion.XEN_2008).setL1e(mode), h);
        for (int p = 0; p < 4; p++) d.store(0, p);
        d.harvestNow(false);
        d.load(0, 2); // VCPU 0's TLB caches page 2's entry with D clear: its next store sets D in place
        d.advanceTo(d.now() + 3 * SECOND);
        TrackDirtyVram call = d.hv.trackDirtyVram(false);
        int vpn = d.vl.kernelVpn(2);
        boolean window = false;
        while (call.next() == TrackDirtyVram.Next.WALK) {
            call.step();
            // the drop's slot read, then shadowSetL1e's own read (read-then-store) or its exchange
            window = h.endsWith(vpn, Op.PTE_READ, Op.PTE_READ) || h.endsWith(vpn, Op.PTE_READ, Op.SHADOW_L1E_SET);
            if (window) break;
        }
        assertTrue(window, "the drop reached page 2");
        // The hardware part of the store, now; a fault it takes waits for the shadow lock (after the harvest).
        boolean faulted = d.vcpus[0].store(vpn) == Vcpu.Access.FAULT;
        d.finish(call);
        if (faulted) d.store(0, vpn);
        assertEquals(mode == SetL1eMode.EXCHANGE, faulted, "read-then-store: D set in the window; exchange: the entry is read-only already");
        d.harvestNow(false);
        boolean reported = last(h).reported(2);
        d.quiesce();
        RunSummary s = d.fold.summary();
        if (mode == SetL1eMode.EXCHANGE) {
            assertTrue(reported, "the write fault re-armed tracking and the entry's D bit was seen");
            assertEquals(0, s.lostUpdates());
        } else {
            assertFalse(reported, "the put hook saw the flags as read, without D");
            assertEquals(1, s.lostUpdates(), "and the RO store erased the D bit: the store is never shown");
        }
    }

    /** sh_destroy_l1_shadow calls the put hook directly: linear-walk's literal set-l1e hook never hears of it. */
    @ParameterizedTest
    @EnumSource(LinearWalkHooks.class)
    void teardownLosesAnUpdateUnlessTheHookAlsoRunsOnDestroy(LinearWalkHooks hooks) {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.LINEAR_WALK).linearWalkHooks(hooks).build(), h);
        d.store(0, 1);
        d.harvestNow(false); // the mapping's bit reported, D cleared
        d.store(0, 1); // D set again
        d.guestEvent(GuestEventKind.SHADOW_TEARDOWN, 0, 0);
        d.harvestNow(false);
        d.quiesce();
        RunSummary s = d.fold.summary();
        if (hooks == LinearWalkHooks.SET_L1E) {
            assertFalse(h.list.get(1).reported(1), "the walk reads a not-present entry: clean");
            assertEquals(1, s.lostUpdates());
        } else {
            assertTrue(h.list.get(1).reported(1), "the destroy hook set the bit");
            assertEquals(0, s.lostUpdates());
        }
    }

    /** linear-walk's count > 1 is the writable type count: an alias the guest mapped but never wrote takes none. */
    @Test
    void linearWalkGivesUpOnlyOnceTheAliasHasAWritableShadowEntry() {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.LINEAR_WALK).build(), h);
        d.store(0, 2);
        d.guestEvent(GuestEventKind.ALIAS_MAP, 2, 1);
        d.harvestNow(false);
        assertEquals(HarvestOutcome.BITMAP, last(h).outcome(), "the guest's alias gl1e alone takes no type reference");
        d.store(1, d.vl.aliasVpn(2));
        d.harvestNow(false);
        assertEquals(HarvestOutcome.FALLBACK, last(h).outcome(), "a second writable shadow mapping: give up");
    }

    /** shadow_track_dirty_vram's first call blows every shadow (the guest re-faults them) and has no data. */
    @Test
    void theFirstCallBlowsEveryShadowAndTheGuestRefaults() {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.SL1MA).build(), h);
        for (int p = 0; p < 4; p++) d.store(0, p);
        long faults = d.fold.summary().faults();
        d.harvestNow(false);
        for (int vpn = 0; vpn < d.vl.virtualPages(); vpn++) assertFalse(Pte.present(d.mem.peekSl1e(vpn)));
        for (int p = 0; p < 4; p++) d.store(0, p);
        assertEquals(faults + 4, d.fold.summary().faults(), "every page faults again");
    }
}
