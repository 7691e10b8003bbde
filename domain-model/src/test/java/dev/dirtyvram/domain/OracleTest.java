package dev.dirtyvram.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.event.DirtyVram;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.domain.oracle.RunSummary;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
/** Each violation kind on small hand-made timelines, and its absence where it is absent. */
class OracleTest {
    private static final int PAGES = 4;
    private SimConfig cfg;
    private P2m p2m;
    private RunFold fold;
    private long lseq;
    private int harvestId;

    @BeforeEach
    void setUp() {
        cfg = Fixtures.small(StrategyId.LINEAR_WALK).lfbPages(PAGES).build();
        p2m = new P2m(PAGES, cfg.mfnLayout(), 1);
        fold = new RunFold(cfg, p2m);
    }

    private long store(int page, long time) {
        long l = ++lseq;
        fold.op(0, Op.GUEST_WRITE, p2m.mfnOfLfbPage(page), l, l, time);
        return l;
    }

    private void redraw(int page, long stamp, long time) {
        fold.op(3, Op.REDRAW_READ, page, stamp, ++lseq, time);
    }

    /** A harvest that examined every page at one instant and reported {@code pages}. */
    private void harvest(long time, int... pages) {
        long[] bitmap = DirtyVram.bitmap(PAGES);
        for (int p : pages) DirtyVram.set(bitmap, p);
        long examined = ++lseq;
        long[] ex = new long[PAGES];
        Arrays.fill(ex, examined);
        fold.harvest(new HarvestCompleted(3, ++lseq, time, ++harvestId, HarvestOutcome.BITMAP, bitmap, ex, true, false));
    }

    private void quiesceHarvest(long time, int... pages) {
        fold.op(2, Op.QUIESCE, 0, 0, ++lseq, time);
        harvest(time, pages);
    }

    @Test
    void storeShownIsNeitherLostNorLate() {
        long s = store(1, 100);
        harvest(200, 1);
        redraw(1, s, 250);
        quiesceHarvest(300);
        RunSummary r = fold.summary();
        assertTrue(r.complete());
        assertEquals(0, r.lostUpdates());
        assertEquals(0, r.lateReports());
        assertEquals(0, r.spuriousDirty());
        assertEquals(150, r.latencyP50Ns());
        assertEquals(150, r.latencyMaxNs());
    }

    @Test
    void storeNeverShownIsLostAndLate() {
        store(1, 100);
        harvest(200);
        harvest(300);
        quiesceHarvest(400);
        RunSummary r = fold.summary();
        assertEquals(1, r.lostUpdates());
        assertEquals(1, r.lostPages());
        assertEquals(1, r.lateReports(), "missed by H and H+1 counts once");
    }

    @Test
    void reportedByTheSecondHarvestIsNotLate() {
        long s = store(2, 100);
        harvest(200);
        harvest(300, 2);
        redraw(2, s, 310);
        quiesceHarvest(400);
        RunSummary r = fold.summary();
        assertEquals(0, r.lateReports());
        assertEquals(0, r.lostUpdates());
        assertEquals(210, r.latencyMaxNs());
    }

    @Test
    void newerContentShownCoversOlderStores() {
        store(0, 100);
        long s2 = store(0, 150);
        harvest(200, 0);
        redraw(0, s2, 210);
        quiesceHarvest(300);
        RunSummary r = fold.summary();
        assertEquals(0, r.lostUpdates());
        assertEquals(110, r.latencyMaxNs());
        assertEquals(60, r.latencyP50Ns());
    }

    @Test
    void reportWithoutStoreIsSpurious() {
        long s = store(3, 100);
        harvest(200, 3);
        redraw(3, s, 210);
        harvest(300, 3); // nothing stored since the previous report
        harvest(400, 0); // never stored at all
        quiesceHarvest(500);
        assertEquals(2, fold.summary().spuriousDirty());
    }

    @Test
    void timelineWithoutQuiesceIsIncomplete() {
        store(1, 100);
        harvest(200);
        assertFalse(fold.summary().complete());
    }

    @Test
    void outOfOrderTimelineIsRefused() {
        store(1, 100);
        assertThrows(IllegalStateException.class, () -> fold.op(0, Op.GUEST_WRITE, p2m.mfnOfLfbPage(1), 1, 1, 100));
    }
}
