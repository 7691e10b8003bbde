package dev.dirtyvram.domain.oracle;

import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;

/**
 * DESIGN section 6, fed in linearisation order. Per page it keeps the stores the display does not show yet (in
 * groups: {@link PendingStores}), each with how many harvests examined its page after it without reporting it.
 * <ul>
 *   <li>lost update: a store still not shown once the quiesce protocol is over;</li>
 *   <li>late report: a store ordered before harvest H examined its page, reported neither by H nor by H+1 (and not
 *       shown meanwhile);</li>
 *   <li>spurious dirty: a page reported with no store since the harvest that last reported it examined it;</li>
 *   <li>display latency: from a store to the first redraw that shows it (or newer content), in a bounded histogram
 *       ({@link Latencies}: percentiles within 0.1 % of the exact ones).</li>
 * </ul>
 * Memory depends on the LFB's size, not on the run's length. The late stores themselves (for explain) are kept as
 * ranges for the pages {@link #watch}ed and for the first {@link #LATE_PAGES} pages that have any, at most
 * {@link #LATE_RANGES} ranges a page (each harvest that makes stores late adds one).
 */
public final class Oracle {
    /** Pages whose late stores are kept without being asked for: the first ones to have any. */
    public static final int LATE_PAGES = 64;
    public static final int LATE_RANGES = 1 << 16;

    private final PendingStores[] pending;
    private final long[] lastStoreLseq;
    private final long[] lastReportExamined;
    /** Per page, the newest content the display showed: the stores still pending all come after it. */
    private final long[] shownStamp;
    /** Per page, the ranges of its stores that became late, when kept (null otherwise). */
    private final StoreRanges[] lateRanges;
    private final boolean[] lateTruncated;
    private int latePagesKept;
    private final Latencies latencies = new Latencies();
    private long stores;
    private long late;
    private long spurious;

    public Oracle(int pages) {
        pending = new PendingStores[pages];
        for (int p = 0; p < pages; p++) pending[p] = new PendingStores();
        lastStoreLseq = new long[pages];
        lastReportExamined = new long[pages];
        shownStamp = new long[pages];
        lateRanges = new StoreRanges[pages];
        lateTruncated = new boolean[pages];
    }

    /** Keep this page's late stores whatever else has some (explain asks for one page). */
    public void watch(int page) {
        if (lateRanges[page] == null) lateRanges[page] = new StoreRanges();
    }

    public void store(int page, long lseq, long time) {
        stores++;
        lastStoreLseq[page] = lseq;
        pending[page].add(lseq, time);
    }

    /** The display now shows {@code stamp} (the lseq of the store that wrote it) on this page. */
    public void shown(int page, long stamp, long time) {
        shownStamp[page] = Math.max(shownStamp[page], stamp);
        pending[page].shown(stamp, time, latencies);
    }

    public void harvest(HarvestCompleted h) {
        boolean judged = h.outcome() != HarvestOutcome.NO_DATA;
        for (int p = 0; p < pending.length; p++) {
            boolean reported = h.reported(p);
            long examined = h.examinedLseq()[p];
            if (reported && judged) {
                long since = lastReportExamined[p];
                if (lastStoreLseq[p] == 0 || lastStoreLseq[p] < since) spurious++;
                lastReportExamined[p] = examined;
            }
            if (pending[p].isEmpty()) continue;
            int page = p;
            late += pending[p].examinedBy(examined, reported, h.time(), (first, last, n) -> noteLate(page, first, last));
        }
    }

    private void noteLate(int page, long first, long last) {
        StoreRanges r = lateRanges[page];
        if (r == null) {
            if (latePagesKept >= LATE_PAGES) {
                lateTruncated[page] = true;
                return;
            }
            latePagesKept++;
            r = lateRanges[page] = new StoreRanges();
        }
        if (r.ranges() >= LATE_RANGES) {
            lateTruncated[page] = true;
            return;
        }
        r.add(first, last);
    }

    public long stores() { return stores; }

    public long lateReports() { return late; }

    public long spuriousDirty() { return spurious; }

    /** Stores not shown: lost updates once the quiesce protocol has run. */
    public long unshown() {
        long n = 0;
        for (PendingStores q : pending) n += q.size();
        return n;
    }

    public int pagesWithUnshown() {
        int n = 0;
        for (PendingStores q : pending) if (!q.isEmpty()) n++;
        return n;
    }

    /** The page's stores not shown yet (lost, once the quiesce protocol is over). */
    public StoreRanges unshown(int page) {
        return pending[page].isEmpty() ? StoreRanges.NONE : StoreRanges.after(shownStamp[page]);
    }

    /**
     * The page's stores that were reported late, when this oracle kept them (a watched page, or one of the first
     * {@link #LATE_PAGES} with any); empty otherwise.
     */
    public StoreRanges late(int page) {
        return lateRanges[page] == null ? StoreRanges.NONE : lateRanges[page];
    }

    /** Whether the page had more late ranges than {@link #LATE_RANGES}, or late stores that were not kept. */
    public boolean lateIncomplete(int page) {
        return lateTruncated[page];
    }

    /** Entries the oracle holds for the page's pending stores (for the tests of its memory). */
    int pendingEntries(int page) {
        return pending[page].entries();
    }

    /** Latency percentiles in the fold's time unit (nearest rank), 0 when nothing was shown. */
    public long[] latencyPercentiles(double... pcts) {
        return latencies.percentiles(pcts);
    }
}
