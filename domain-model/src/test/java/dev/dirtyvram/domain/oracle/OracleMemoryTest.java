package dev.dirtyvram.domain.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.event.DirtyVram;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The oracle's memory does not grow with the run (a page never shown keeps a bounded number of entries), and what
 * it reports stays exact where it must be (counts) and within its stated precision where it may round (latency).
 */
class OracleMemoryTest {
    private static final int PAGES = 4;
    private long lseq;
    private int harvestId;

    private void harvest(Oracle o, long time, boolean reportAll) {
        long[] bitmap = DirtyVram.bitmap(PAGES);
        if (reportAll) DirtyVram.setAll(bitmap, PAGES);
        long[] examined = new long[PAGES];
        Arrays.fill(examined, ++lseq);
        o.harvest(new HarvestCompleted(PAGES + 1, ++lseq, time, ++harvestId, HarvestOutcome.BITMAP, bitmap, examined, true, false));
    }

    /** Exact nearest-rank percentile of {@code v} (sorted). */
    private static long exact(long[] v, double pct) {
        int rank = (int) Math.max(1, Math.min(v.length, Math.ceil(pct / 100 * v.length)));
        return v[rank - 1];
    }

    @Test
    void percentilesStayWithinATenthOfAPercentOfTheExactOnes() {
        SplittableRandom r = new SplittableRandom(11);
        Oracle o = new Oracle(PAGES);
        List<Long> latencies = new ArrayList<>();
        List<long[]> pending = new ArrayList<>(); // per store: page, time
        long time = 0;
        for (int step = 0; step < 400_000; step++) {
            time += 1 + r.nextInt(5_000);
            int page = r.nextInt(PAGES);
            if (r.nextInt(100) < 97) {
                o.store(page, ++lseq, time);
                pending.add(new long[] {page, time, lseq});
            } else if (r.nextInt(50) == 0) {
                harvest(o, time, r.nextBoolean());
            } else if (page != 3 || r.nextInt(200) == 0) { // page 3 goes unshown for long stretches
                long stamp = 0;
                for (long[] s : pending) if (s[0] == page) stamp = Math.max(stamp, s[2]);
                if (stamp == 0) continue;
                long shownAt = time;
                pending.removeIf(s -> {
                    if (s[0] != page) return false;
                    latencies.add(shownAt - s[1]);
                    return true;
                });
                o.shown(page, stamp, time);
                lseq++;
            }
        }
        long[] v = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] got = o.latencyPercentiles(50, 90, 99, 99.9, 100);
        double[] pcts = {50, 90, 99, 99.9, 100};
        for (int i = 0; i < pcts.length; i++) {
            long want = exact(v, pcts[i]);
            assertTrue(Math.abs(got[i] - want) <= want * 0.001, "p" + pcts[i] + ": " + got[i] + " against exactly " + want);
        }
        assertEquals(v[v.length - 1], got[4], "the maximum is exact");
    }

    @Test
    void aPageNeverShownKeepsABoundedMemoryAndExactCounts() {
        Oracle o = new Oracle(PAGES);
        long time = 0;
        long stores = 0;
        int maxEntries = 0;
        for (int h = 0; h < 3_000; h++) { // 90 s of 30 ms harvests, 2 000 stores to one page between each
            for (int i = 0; i < 2_000; i++) {
                time += 15_000;
                o.store(1, ++lseq, time);
                stores++;
            }
            harvest(o, time, false);
            maxEntries = Math.max(maxEntries, o.pendingEntries(1));
        }
        assertEquals(stores, o.unshown(), "every store counted");
        assertEquals(stores - 2_000, o.lateReports(), "every store two harvests missed is late, once");
        assertTrue(maxEntries < 20_000, "entries stay bounded: " + maxEntries + " for " + stores + " stores");
        StoreRanges lost = o.unshown(1);
        assertTrue(lost.contains(1) && lost.contains(lseq - 1), "every store of the page is unshown");
        StoreRanges late = o.late(1);
        assertTrue(late.contains(1), "the first store went late");
        assertFalse(late.contains(lseq - 1), "the last harvest's stores are not late yet");
    }

    @Test
    void aPageShownAfterALongTimeStillGetsItsLatenciesRight() {
        Oracle o = new Oracle(PAGES);
        long time = 0;
        for (int h = 0; h < 200; h++) {
            for (int i = 0; i < 500; i++) o.store(2, ++lseq, time += 60_000);
            harvest(o, time, false);
        }
        long first = 60_000;
        long last = time;
        o.shown(2, lseq, time += 1_000_000);
        long[] p = o.latencyPercentiles(50, 100);
        long wantMedian = time - (first + last) / 2;
        assertTrue(Math.abs(p[0] - wantMedian) <= wantMedian * 0.001, p[0] + " against " + wantMedian);
        assertEquals(time - first, p[1]);
        assertEquals(0, o.unshown());
    }
}
