package dev.dirtyvram.domain.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.config.Schedule;
import dev.dirtyvram.domain.config.SetL1eMode;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.Sl1maVersion;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.config.TlbMode;
import dev.dirtyvram.domain.config.WorkloadKind;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.oracle.Coverage;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.domain.schedule.Scheduler;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExplorerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;

    static SimConfig bounded(StrategyId s, boolean flushAfterClear, boolean atomicClear, int vcpus, int pages, int stores, int harvests) {
        SimConfig base = SimConfig.builder().build();
        Schedule sc = base.schedule();
        return SimConfig.builder().strategy(s).vcpus(vcpus).lfbPages(pages).vmExitRate(0).tlbMode(TlbMode.TAGGED)
                .flushAfterClear(flushAfterClear).atomicClear(atomicClear).workloads(List.of(WorkloadKind.RANDOM))
                .schedule(new Schedule(sc.policy(), sc.pctDepth(), 0, 1, 1, 0, "", stores, harvests)).build().validate();
    }

    @Test
    void aHarvestWithoutItsFlushIsFoundAndItsChoicesRepeatTheFailure() {
        SimConfig cfg = bounded(StrategyId.LINEAR_WALK, false, true, 1, 1, 2, 1);
        Explorer.Result r = new Explorer(cfg, true, -1).explore(System.nanoTime() + MINUTE, null);
        assertEquals(Explorer.Verdict.BUG_FOUND, r.verdict(), r.toString());
        assertNotNull(r.failingChoices());
        // The saved choices repeat the failing run under any scheduler that follows them.
        RunSummary again = new ReferenceDriver(cfg, null, Scheduler.create(cfg.schedule(), cfg.schedule().policy(), 1, 1, 4, 1)
                .replaying(r.failingChoices())).run((DoubleConsumer) null);
        assertEquals(r.failing().lostUpdates(), again.lostUpdates());
        assertTrue(again.lostUpdates() > 0);
    }

    @Test
    void theCorrectDesignIsCompleteAndTheReductionExploresFewerSchedules() {
        SimConfig cfg = bounded(StrategyId.LINEAR_WALK, true, true, 2, 2, 2, 1);
        Explorer.Result reduced = new Explorer(cfg, true, -1).explore(System.nanoTime() + MINUTE, null);
        Explorer.Result full = new Explorer(cfg, false, -1).explore(System.nanoTime() + MINUTE, null);
        assertEquals(Explorer.Verdict.COMPLETE, reduced.verdict(), reduced.toString());
        assertEquals(Explorer.Verdict.COMPLETE, full.verdict(), full.toString());
        assertTrue(reduced.schedules() < full.schedules(), reduced + " against " + full);
        // Coverage: the clear window is reached; an IPI and its flush are one step of the reference driver.
        assertTrue(reduced.coverage()[Coverage.Situation.STORE_IN_CLEAR_WINDOW.ordinal()] > 0);
        assertEquals(0, reduced.coverage()[Coverage.Situation.FILL_DURING_FLUSH.ordinal()]);
    }

    /**
     * The reduction only leaves out orders of steps that touch different things, so every final state the full search
     * reaches (what the oracle and the counters make of a run) is reached with it too.
     */
    @Test
    void theReductionReachesEveryOutcomeTheFullSearchReaches() {
        for (SimConfig cfg : List.of(bounded(StrategyId.LINEAR_WALK, true, true, 2, 2, 2, 1),
                bounded(StrategyId.LOGDIRTY_WP, true, true, 2, 1, 2, 1), bounded(StrategyId.SL1MA, true, true, 2, 1, 2, 1),
                bounded(StrategyId.MEMCMP, true, true, 2, 2, 2, 1))) {
            Set<List<Long>> reduced = new HashSet<>();
            Set<List<Long>> full = new HashSet<>();
            new Explorer(cfg, true, -1).explore(System.nanoTime() + MINUTE, null, s -> reduced.add(outcome(s)));
            new Explorer(cfg, false, -1).explore(System.nanoTime() + MINUTE, null, s -> full.add(outcome(s)));
            assertEquals(full, reduced, cfg.strategy().id);
            assertTrue(full.size() > 1, cfg.strategy().id + ": more than one outcome to compare");
        }
    }

    private static List<Long> outcome(RunSummary s) {
        return List.of(s.lostUpdates(), s.lateReports(), s.spuriousDirty(), s.faults(), s.tlbFlushes(), s.fallbacks(),
                s.noDataHarvests(), s.guestWrites(), s.redrawCostCycles() > 0 ? 1L : 0L);
    }

    @Test
    void aNonAtomicClearIsFound() {
        SimConfig cfg = bounded(StrategyId.LINEAR_WALK, true, false, 2, 1, 2, 1);
        Explorer.Result r = new Explorer(cfg, true, -1).explore(System.nanoTime() + MINUTE, null);
        assertEquals(Explorer.Verdict.BUG_FOUND, r.verdict(), r.toString());
    }

    /**
     * sl1ma's idle drop removes write access through shadowSetL1e: a store between its read and its store sets a D bit
     * the put hook never sees (read-then-store; xen-2008 reports what the hook marks, so the exchange keeps it). The
     * store's earlier fault must be handled before the harvest takes the shadow lock, and the reduction finds that
     * order: the fault waits while the lock is held, so the harvest's release of it, though the latest step to touch
     * the lock, is no race the fault could win; the harvest's start is.
     */
    @ParameterizedTest
    @EnumSource(SetL1eMode.class)
    void aStoreRacingTheIdleDropIsFoundWithTheReduction(SetL1eMode mode) {
        Explorer.Result r = new Explorer(idleDrop(Sl1maVersion.XEN_2008, mode), true, -1).explore(System.nanoTime() + MINUTE, null);
        assertEquals(mode == SetL1eMode.READ_THEN_STORE ? Explorer.Verdict.BUG_FOUND : Explorer.Verdict.COMPLETE, r.verdict(), r.toString());
    }

    /**
     * Xen's code as it ships (xen-2026): the put hook marks the store the drop's exchange hands it, and sets last_dirty
     * to now; the drop then sets last_dirty to -1, so the calls after it skip the loop and return nothing until a write
     * fault re-arms tracking. A bounded run makes no further store: the page is never shown.
     */
    @Test
    void theDropForgetsWhatItsOwnPutHookMarked() {
        Explorer.Result r = new Explorer(idleDrop(Sl1maVersion.XEN_2026, SetL1eMode.EXCHANGE), true, -1).explore(System.nanoTime() + MINUTE, null);
        assertEquals(Explorer.Verdict.BUG_FOUND, r.verdict(), r.toString());
        assertTrue(r.failing().writeAccessDrops() > 0 && r.failing().lostUpdates() > 0, r.failing().toString());
    }

    /** One VCPU's three stores and three harvests 3 s apart: the third finds the screen clean for 2 s and drops write access. */
    private static SimConfig idleDrop(Sl1maVersion version, SetL1eMode mode) {
        return bounded(StrategyId.SL1MA, true, true, 1, 1, 3, 3).toBuilder().harvestIntervalNs(3 * SECOND)
                .durationNs(60 * SECOND).sl1maVersion(version).setL1e(mode).build().validate();
    }

    @Test
    void aBoundedRunMakesItsStoresAndHarvestsAndNoMore() {
        SimConfig cfg = bounded(StrategyId.LINEAR_WALK, true, true, 3, 4, 5, 2);
        RunSummary s = ReferenceDriver.run(cfg);
        assertEquals(15, s.guestWrites());
        assertEquals(3, s.harvests()); // and the final one
        assertTrue(s.complete());
    }

    @Test
    void aSearchOutOfTimeIsIncomplete() {
        SimConfig cfg = bounded(StrategyId.LINEAR_WALK, true, true, 2, 2, 2, 1);
        Explorer.Result r = new Explorer(cfg, true, -1).explore(System.nanoTime(), null);
        assertEquals(Explorer.Verdict.INCOMPLETE, r.verdict(), r.toString());
        assertEquals(1, r.schedules());
    }
}
