package dev.dirtyvram.domain;

import static dev.dirtyvram.domain.Fixtures.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.config.CountPolicy;
import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.config.TlbMode;
import dev.dirtyvram.domain.driver.Domain;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.hypervisor.TrackDirtyVram;
import dev.dirtyvram.domain.memory.MfnLayout;
import dev.dirtyvram.domain.memory.Pte;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.domain.strategy.Sl1ma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The races of DESIGN section 1, played by hand on a 4-page LFB. */
class StrategyRaceTest {

    /** Store p, harvest (clears D), store p again, no further store; quiesce. */
    private static RunSummary storeHarvestStore(Domain d) {
        d.store(0, 1);
        d.harvestNow(false);
        d.store(0, 1);
        d.quiesce();
        return d.fold.summary();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void linearWalkTaggedTlbLosesTheSecondStoreOnlyWithoutFlush(boolean flush) {
        Domain d = new Domain(small(StrategyId.LINEAR_WALK).tlbMode(TlbMode.TAGGED).flushAfterClear(flush).build(), null);
        RunSummary s = storeHarvestStore(d);
        assertTrue(s.complete());
        assertEquals(flush ? 0 : 1, s.lostUpdates(), "lost updates with flush=" + flush);
    }

    @Test
    void linearWalkTaggedNoFlushSecondStoreGoesThroughCachedD() {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.LINEAR_WALK).flushAfterClear(false).build(), h);
        storeHarvestStore(d);
        assertEquals(1, h.count(Op.GUEST_WRITE_CACHED_D), "the second store must not touch the PTE");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void untaggedTlbLosesOnlyWhenNoVmExitFallsBetweenClearAndStore(boolean vmExitBetween) {
        Domain d = new Domain(small(StrategyId.LINEAR_WALK).tlbMode(TlbMode.UNTAGGED).flushAfterClear(false).build(), null);
        d.store(0, 1);
        d.harvestNow(false);
        if (vmExitBetween) d.vcpus[0].timerVmExit();
        d.store(0, 1);
        d.quiesce();
        assertEquals(vmExitBetween ? 0 : 1, d.fold.summary().lostUpdates());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void nonAtomicClearLosesADirtyBitSetBetweenReadAndWriteBack(boolean atomic) {
        Domain d = new Domain(small(StrategyId.LINEAR_WALK).atomicClear(atomic).build(), null);
        d.load(0, 0); // page 0 mapped, D clear
        d.harvestNow(false); // the mapping's hook bit reported
        TrackDirtyVram call = d.hv.trackDirtyVram(false);
        call.step(); // first access: the read of page 0's sl1e
        assertFalse(Pte.dirty(d.mem.peekSl1e(0)));
        d.store(1, 0); // another VCPU's walk sets D between the read and the write-back
        assertTrue(Pte.dirty(d.mem.peekSl1e(0)));
        d.finish(call);
        assertEquals(!atomic, !Pte.dirty(d.mem.peekSl1e(0)), "the plain store wipes the D bit; the locked clear never ran");
        d.quiesce();
        assertEquals(atomic ? 0 : 1, d.fold.summary().lostUpdates());
    }

    @Test
    void dbitPausedIsRightWithContiguousFramesAndWrongWithScatteredOnes() {
        for (MfnLayout layout : new MfnLayout[] {MfnLayout.CONTIGUOUS, MfnLayout.BACKWARDS, MfnLayout.SCATTERED}) {
            Domain d = new Domain(small(StrategyId.DBIT_PAUSED).lfbPages(16).mfnLayout(layout).seed(7).build(), null);
            for (int p = 0; p < 16; p += 3) d.store(0, p);
            d.harvestNow(false);
            for (int p = 1; p < 16; p += 5) d.store(1, p);
            d.quiesce();
            RunSummary s = d.fold.summary();
            if (layout == MfnLayout.SCATTERED) {
                assertTrue(s.lostUpdates() > 0, "scattered frames: stores lost");
                assertTrue(s.spuriousDirty() > 0, "scattered frames: wrong pages reported");
            } else {
                assertEquals(0, s.lostUpdates(), layout + " lost");
                assertEquals(0, s.spuriousDirty(), layout + " spurious");
            }
        }
    }

    private static Domain aliased(StrategyId s, CountPolicy policy, Fixtures.Harvests h) {
        Domain d = Fixtures.domain(small(s).countPolicy(policy).build(), h);
        d.harvestNow(false); // sl1ma's "no data" call; a plain harvest for the others
        d.guestEvent(GuestEventKind.ALIAS_MAP, 2, 1);
        d.store(0, d.vl.kernelVpn(2));
        d.store(1, d.vl.aliasVpn(2));
        return d;
    }

    @Test
    void aliasWithGiveUpFallsBackToMemcmpAndLosesNothing() {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = aliased(StrategyId.LINEAR_WALK, CountPolicy.GIVE_UP, h);
        d.harvestNow(false);
        d.store(1, d.vl.aliasVpn(2));
        d.quiesce();
        assertEquals(HarvestOutcome.FALLBACK, h.list.get(1).outcome());
        assertEquals(0, d.fold.summary().lostUpdates());
        assertTrue(d.fold.summary().fallbacks() >= 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear-walk", "sl1ma"})
    void aliasedPageIsReportedEveryHarvest(String strategy) {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = aliased(StrategyId.parse(strategy), CountPolicy.ASSUME_DIRTY, h);
        for (int i = 0; i < 4; i++) d.harvestNow(false); // no store in between
        for (HarvestCompleted hc : h.list.subList(1, h.list.size())) {
            assertEquals(HarvestOutcome.BITMAP, hc.outcome());
            assertTrue(hc.reported(2), "harvest " + hc.harvestId() + " reports the aliased page");
            assertFalse(hc.reported(3), "harvest " + hc.harvestId() + " leaves an untouched page");
        }
        d.quiesce();
        assertEquals(0, d.fold.summary().lostUpdates());
    }

    @ParameterizedTest
    @ValueSource(strings = {"remap", "higher-level-ro"})
    void linearWalkBacksOffToMemcmp(String event) {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.LINEAR_WALK).build(), h);
        for (int p = 0; p < 4; p++) d.store(0, p);
        d.guestEvent(GuestEventKind.parse(event), 1, 1);
        d.harvestNow(false);
        d.quiesce();
        assertEquals(HarvestOutcome.FALLBACK, h.list.get(0).outcome());
        assertEquals(0, d.fold.summary().lostUpdates());
        assertEquals(4, h.list.get(0).reportedCount(), "memcmp found every stored page");
    }

    @Test
    void sl1maFirstCallHasNoDataThenIdleDropsWriteAccessAndTheNextStoreRearms() {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.SL1MA).sl1maIdleDropNs(2_000_000_000L).build(), h);
        d.store(0, 1);
        d.harvestNow(false);
        assertEquals(HarvestOutcome.NO_DATA, h.list.get(0).outcome());
        assertEquals(4, h.list.get(0).reportedCount(), "no data: everything redrawn");
        d.store(0, 1);
        d.harvestNow(false);
        Sl1ma sl1ma = (Sl1ma) d.hv.strategy();
        assertFalse(sl1ma.loopSkipped());
        d.advanceTo(d.now() + 2_100_000_000L); // long idle
        d.harvestNow(false);
        assertTrue(sl1ma.loopSkipped(), "clean for more than 2 s");
        assertFalse(Pte.writable(d.mem.peekSl1e(1)), "write access removed");
        long faultsBefore = d.fold.summary().faults();
        d.store(1, 1);
        assertEquals(faultsBefore + 1, d.fold.summary().faults(), "the next store faults");
        assertTrue(Pte.writable(d.mem.peekSl1e(1)), "and re-arms");
        d.harvestNow(false);
        assertTrue(h.list.get(h.list.size() - 1).reported(1));
        assertFalse(sl1ma.loopSkipped());
        d.quiesce();
        assertEquals(0, d.fold.summary().lostUpdates());
    }

    @Test
    void memcmpNeverLosesAndItsCostGrowsWithLfbBytes() {
        long[] cost = new long[2];
        long[] harvests = new long[2];
        int[] pages = {256, 1024};
        for (int i = 0; i < 2; i++) {
            Domain d = new Domain(small(StrategyId.MEMCMP).lfbPages(pages[i]).flushAfterClear(false).build(), null);
            for (int k = 0; k < 5; k++) {
                for (int p = 0; p < pages[i]; p += 7) d.store(k % 2, p);
                d.harvestNow(false);
            }
            d.quiesce();
            RunSummary s = d.fold.summary();
            assertEquals(0, s.lostUpdates());
            cost[i] = s.harvestCostCycles();
            harvests[i] = s.harvests();
        }
        assertEquals(harvests[0], harvests[1]);
        long perPage = SimConfig.builder().build().cost().memcmpPage();
        assertEquals((pages[1] - pages[0]) * perPage * harvests[0], cost[1] - cost[0],
                "every harvest compares every byte of the LFB");
    }

    /** The ways of logging by write protection: Xen-style logdirty-wp, KVM's bitmap (two ways) and KVM's ring. */
    @ParameterizedTest
    @EnumSource(value = StrategyId.class, names = {"LOGDIRTY_WP", "KVM_DIRTY_LOG", "KVM_CLEAR_LOG", "KVM_DIRTY_RING"})
    void writeProtectionFaultsOncePerPagePerInterval(StrategyId id) {
        Domain d = new Domain(small(id).build(), null);
        for (int interval = 0; interval < 3; interval++) {
            long before = d.fold.summary().faults();
            for (int k = 0; k < 10; k++) {
                d.store(0, 1);
                d.store(1, 2);
            }
            // VCPU 0 and 1 each fault once on their page: one fault per page per interval (the first: not present).
            assertEquals(2, d.fold.summary().faults() - before, id.id + ", interval " + interval);
            d.harvestNow(false);
        }
        d.quiesce();
        assertEquals(0, d.fold.summary().lostUpdates());
    }

    @ParameterizedTest
    @EnumSource(value = StrategyId.class, names = {"LOGDIRTY_WP", "KVM_DIRTY_LOG", "KVM_CLEAR_LOG", "KVM_DIRTY_RING"})
    void writeProtectionWithoutFlushLosesStoresThroughCachedWritableEntries(StrategyId id) {
        Domain d = new Domain(small(id).flushAfterClear(false).build(), null);
        d.store(0, 1);
        d.harvestNow(false);
        d.store(0, 1); // the TLB still says RW: no fault, nothing logged
        d.quiesce();
        assertEquals(1, d.fold.summary().lostUpdates(), id.id);
    }

    /**
     * KVM_DIRTY_LOG_INITIALLY_SET: the first harvest reports every page, written or not, and protects them all; from
     * then on only written pages. KVM_GET_DIRTY_LOG starts from an empty bitmap with every page protected.
     */
    @ParameterizedTest
    @EnumSource(value = StrategyId.class, names = {"KVM_DIRTY_LOG", "KVM_CLEAR_LOG"})
    void kvmReportsWhatItsBitmapHeld(StrategyId id) {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(id).build(), h);
        d.store(0, 1);
        d.harvestNow(false);
        int pages = 4; // Fixtures.small
        int first = 0;
        for (int p = 0; p < pages; p++) if (h.list.get(0).reported(p)) first++;
        assertEquals(id == StrategyId.KVM_CLEAR_LOG ? pages : 1, first, "first harvest");
        assertTrue(h.list.get(0).reported(1));
        long faults = d.fold.summary().faults();
        d.store(0, 1); // protected by the harvest either way: the store faults and is logged
        assertEquals(faults + 1, d.fold.summary().faults());
        d.harvestNow(false);
        for (int p = 0; p < pages; p++) assertEquals(p == 1, h.list.get(1).reported(p), "second harvest, page " + p);
        d.quiesce();
        assertEquals(0, d.fold.summary().lostUpdates());
    }

    /**
     * A ring of 256 entries is soft-full at 192: the fault that pushes the 192nd page exits, every ring is collected and
     * reset (the pages write-protected again, every TLB flushed), and the store, retried, faults once more and is
     * pushed again. The next refresh reports every page the reap collected and the one pushed since.
     */
    @Test
    void aFullDirtyRingIsCollectedAndResetBeforeTheVcpuRunsAgain() {
        int soft = 256 - 64;
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.KVM_DIRTY_RING).lfbPages(300).kvmRingSize(256).build(), h);
        for (int p = 0; p < soft - 1; p++) d.store(0, d.vl.kernelVpn(p));
        assertEquals(soft - 1, d.fold.summary().faults());
        assertEquals(0, d.fold.summary().ringFullExits());
        d.store(0, d.vl.kernelVpn(soft - 1));
        RunSummary s = d.fold.summary();
        assertEquals(1, s.ringFullExits());
        assertEquals(soft + 1, s.faults(), "the store that filled the ring faults again after the reset");
        assertEquals(1, h.count(Op.DIRTY_RING_FULL));
        long faults = s.faults();
        d.store(0, d.vl.kernelVpn(0)); // protected again by the reset
        assertEquals(faults + 1, d.fold.summary().faults());
        d.harvestNow(false);
        for (int p = 0; p < 300; p++) assertEquals(p < soft, h.list.get(0).reported(p), "page " + p);
        d.quiesce();
        assertEquals(0, d.fold.summary().lostUpdates());
    }

    /**
     * KVM's lock-free write fault (fast_page_fault) between a GET's write-protect of a page and its swap of the word
     * that holds the page's bit. Protect first (kvm.wp-before-swap, the order edde99ce05 fixed): the fault logs into the
     * word the swap then takes, and keeps its write access, so the stores after it are never logged. Swap first: the
     * fault's bit lands in the emptied word, and the next GET reports the page.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aLockFreeFaultBetweenProtectAndSwapLosesLaterStoresOnlyWhenProtectComesFirst(boolean wpBeforeSwap) {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.KVM_DIRTY_LOG).kvmWpBeforeSwap(wpBeforeSwap).build(), h);
        int vpn = d.vl.kernelVpn(1);
        d.store(0, vpn); // logged by the fault that maps it writable
        TrackDirtyVram call = d.hv.trackDirtyVram(false);
        boolean protectedNow = false;
        while (!protectedNow && call.next() == TrackDirtyVram.Next.WALK) {
            call.step();
            protectedNow = h.endsWith(vpn, Op.SHADOW_L1E_SET);
        }
        assertTrue(protectedNow, "the harvest write-protected page 1");
        long faults = d.fold.summary().faults();
        assertTrue(d.store(1, vpn)); // VCPU 1 has no entry cached: it faults on the read-only entry, without the lock
        assertEquals(faults + 1, d.fold.summary().faults());
        d.finish(call);
        d.store(1, vpn); // writable since the fault: no fault now
        assertEquals(faults + 1, d.fold.summary().faults());
        d.harvestNow(false);
        assertEquals(!wpBeforeSwap, h.list.get(h.list.size() - 1).reported(1));
        d.quiesce();
        assertEquals(wpBeforeSwap ? 1 : 0, d.fold.summary().lostUpdates());
    }

    /**
     * kvm.unlock-before-flush (what KVM does today): the harvest drops the lock after its write-protects and flushes after.
     * In between, VCPU 1's slow fault (a read of a page it never mapped) takes the lock, while VCPU 0 still writes page 1
     * through the writable translation it cached before the protect: that store logs nothing and faults nowhere, yet
     * nothing is lost, since page 1 is in the snapshot this harvest reports and the redraw follows the flush. Under the
     * lock (off) the protocol goes from the walk to the flush.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFaultBetweenTheUnlockAndTheFlushLosesNothing(boolean unlockBeforeFlush) {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.KVM_DIRTY_LOG).kvmUnlockBeforeFlush(unlockBeforeFlush).build(), h);
        int vpn = d.vl.kernelVpn(1);
        d.store(0, vpn); // logged by the fault that maps it writable; VCPU 0 caches the writable translation
        TrackDirtyVram call = d.hv.trackDirtyVram(false);
        while (call.next() == TrackDirtyVram.Next.WALK) call.step();
        assertFalse(Pte.writable(d.mem.peekSl1e(vpn)), "the harvest write-protected page 1");
        assertEquals(unlockBeforeFlush ? TrackDirtyVram.Next.RELEASE_LOCK : TrackDirtyVram.Next.FLUSH_TLBS, call.next());
        if (unlockBeforeFlush) {
            call.unlocked();
            long faults = d.fold.summary().faults();
            assertTrue(d.load(1, d.vl.kernelVpn(2)));
            assertEquals(faults + 1, d.fold.summary().faults(), "the slow fault ran between the unlock and the flush");
            d.store(0, vpn); // through the stale writable translation
            assertEquals(faults + 1, d.fold.summary().faults(), "the store faulted nowhere");
            assertEquals(TrackDirtyVram.Next.FLUSH_TLBS, call.next());
        }
        d.finish(call);
        assertTrue(h.list.get(h.list.size() - 1).reported(1));
        d.quiesce();
        assertEquals(0, d.fold.summary().lostUpdates());
        assertEquals(0, d.fold.summary().lateReports());
    }

    /** hap, with PML or without: the first harvest (a new range) reports every page; then each written page, once. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hapReportsAllOnesFirstThenWhatWasWritten(boolean pml) {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.HAP).hapPml(pml).build(), h);
        d.store(0, 1);
        d.harvestNow(false);
        for (int p = 0; p < 4; p++) assertTrue(h.list.get(0).reported(p), "first harvest, page " + p);
        long faults = d.fold.summary().faults();
        d.store(0, 1); // without PML an EPT violation; with PML the D bit set and the frame logged
        assertEquals(faults + (pml ? 0 : 1), d.fold.summary().faults());
        d.store(0, 1); // either way, nothing more
        assertEquals(faults + (pml ? 0 : 1), d.fold.summary().faults());
        d.harvestNow(false);
        for (int p = 0; p < 4; p++) assertEquals(p == 1, h.list.get(1).reported(p), "second harvest, page " + p);
        d.quiesce();
        assertEquals(0, d.fold.summary().lostUpdates());
    }

    /** A frame waiting in a PML log is reported only by a harvest that drains the logs first (3a7a0ae0cc). */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aPageLoggedButNotDrainedIsNotReported(boolean drain) {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.HAP).hapDrainPml(drain).build(), h);
        d.harvestNow(false);
        d.store(0, 1);
        d.harvestNow(false);
        assertEquals(drain, h.list.get(1).reported(1));
        assertEquals(drain ? 4 : 0, h.count(Op.PML_DRAINED), "each harvest drains both VCPUs' logs");
        d.quiesce();
        assertEquals(drain ? 0 : 1, d.fold.summary().lostUpdates());
    }

    /**
     * A full PML log (512 frames) makes the VCPU exit before its next store that may log: the hypervisor drains the
     * log (each page retyped rw) and the store is retried, logged into the emptied log.
     */
    @Test
    void aFullPmlLogExitsBeforeTheNextLoggingStore() {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.HAP).lfbPages(600).build(), h);
        for (int p = 0; p < 600; p++) d.store(0, d.vl.kernelVpn(p)); // entries built, D preset (all rw at first)
        d.harvestNow(false);
        long drainsBefore = h.count(Op.PML_DRAINED);
        for (int p = 0; p < 512; p++) d.store(0, d.vl.kernelVpn(p));
        assertEquals(0, h.count(Op.PML_FULL));
        d.store(0, d.vl.kernelVpn(512));
        assertEquals(1, h.count(Op.PML_FULL));
        assertEquals(drainsBefore + 1, h.count(Op.PML_DRAINED));
        d.harvestNow(false);
        for (int p = 0; p < 600; p++) assertEquals(p <= 512, h.list.get(1).reported(p), "page " + p);
        d.quiesce();
        assertEquals(0, d.fold.summary().lostUpdates());
    }

    /**
     * hap.flush-after-unpause: a store between the unpause and the flush goes through the translation that still
     * has D set (with PML) or write access (without): no log, no fault, and the page stays logdirty. Yet nothing is
     * lost: only a page this harvest retyped can have such a translation, so the harvest reports it, and the device
     * model's redraw, which follows the hypercall, reads the store. The next store after the flush is logged.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aStoreBetweenUnpauseAndFlushGoesUnloggedYetIsDrawnByThatHarvest(boolean pml) {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.HAP).hapPml(pml).hapFlushAfterUnpause(true).build(), h);
        d.harvestNow(false);
        d.store(0, 1);
        TrackDirtyVram call = d.hv.trackDirtyVram(false);
        while (call.next() != TrackDirtyVram.Next.UNPAUSE_DOMAIN) {
            if (call.next() == TrackDirtyVram.Next.PAUSE_DOMAIN) {
                call.pauseDomain(v -> { });
                call.paused();
            } else {
                call.step();
            }
        }
        call.unpaused();
        long faults = d.fold.summary().faults();
        int writes = (int) h.count(Op.GUEST_WRITE_CACHED_D);
        d.store(0, 1); // VCPU 0's TLB still holds the entry as it was before the retype
        assertEquals(faults, d.fold.summary().faults());
        assertEquals(writes + 1, h.count(Op.GUEST_WRITE_CACHED_D), "the store sets no D bit");
        d.finish(call);
        assertTrue(h.list.get(1).reported(1));
        d.store(0, 1); // after the flush: an EPT violation, or a D bit set and logged
        assertEquals(faults + (pml ? 0 : 1), d.fold.summary().faults());
        d.harvestNow(false);
        assertTrue(h.list.get(2).reported(1));
        d.quiesce();
        assertEquals(0, d.fold.summary().lostUpdates());
    }

    /**
     * HAP's failed copy-out (every second harvest here): the walk already retyped the written page to logdirty, so the
     * device model gets nothing and no later harvest reports the page; the shadow path would OR the bits back.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void aFailedCopyOutLosesWhatTheWalkTook(int every) {
        Fixtures.Harvests h = new Fixtures.Harvests();
        Domain d = Fixtures.domain(small(StrategyId.HAP).hapCopyOutFailsEvery(every).build(), h);
        d.harvestNow(false);
        d.store(0, 1);
        d.harvestNow(false); // the second: its copy fails when every = 2
        assertEquals(every == 2 ? HarvestOutcome.COPY_FAILED : HarvestOutcome.BITMAP, h.list.get(1).outcome());
        assertEquals(every != 2, h.list.get(1).reported(1));
        d.harvestNow(false);
        assertFalse(h.list.get(2).reported(1), "nothing reports the page again");
        d.quiesce();
        assertEquals(every == 2 ? 1 : 0, d.fold.summary().lostUpdates());
    }
}
