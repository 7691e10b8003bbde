package dev.dirtyvram.domain.oracle;

import dev.dirtyvram.domain.event.DirtyVram;
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
    /** Per page, the ranges of its stores that became late, when kept (null otherwise). */
    private final StoreRanges[] lateRanges;
    private final boolean[] lateTruncated;
    private int latePagesKept;
    /** Null when the latencies are not kept (a run judged by its verdicts alone). */
    private final Latencies latencies;
    private long stores;
    private long late;
    private long spurious;

    public Oracle(int pages) {
        this(pages, true);
    }

    /** @param latencies whether the display latencies are kept (a run judged by its verdicts alone needs none) */
    public Oracle(int pages, boolean latencies) {
        this.latencies = latencies ? new Latencies() : null;
        pending = new PendingStores[pages];
        for (int p = 0; p < pages; p++) pending[p] = new PendingStores();
        lateRanges = new StoreRanges[pages];
        lateTruncated = new boolean[pages];
    }

    /** Keep this page's late stores whatever else has some (explain asks for one page). */
    public void watch(int page) {
        if (lateRanges[page] == null) lateRanges[page] = new StoreRanges();
    }

    public void store(int page, long lseq, long time) {
        stores++;
        pending[page].add(lseq, time);
    }

    /** The display now shows {@code stamp} (the lseq of the store that wrote it) on this page. */
    public void shown(int page, long stamp, long time) {
        pending[page].shown(stamp, time, latencies);
    }

    public void harvest(HarvestCompleted h) {
        boolean judged = h.outcome() != HarvestOutcome.NO_DATA;
        long[] bitmap = h.reported();
        long[] examinedAt = h.examinedLseq();
        for (int p = 0; p < pending.length; p++) {
            PendingStores q = pending[p];
            boolean reported = DirtyVram.isSet(bitmap, p);
            long examined = examinedAt[p];
            if (reported && judged) {
                if (q.lastStore == 0 || q.lastStore < q.lastReportExamined) spurious++;
                q.lastReportExamined = examined;
            }
            if (q.isEmpty()) continue;
            int page = p;
            late += q.examinedBy(examined, reported, h.time(), (first, last, n) -> noteLate(page, first, last));
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
        return pending[page].isEmpty() ? StoreRanges.NONE : StoreRanges.after(pending[page].floor());
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

    /** Latency percentiles in the fold's time unit (nearest rank), 0 when nothing was shown or they are not kept. */
    public long[] latencyPercentiles(double... pcts) {
        return latencies == null ? new long[pcts.length] : latencies.percentiles(pcts);
    }
}
