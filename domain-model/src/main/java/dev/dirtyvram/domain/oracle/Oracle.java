package dev.dirtyvram.domain.oracle;

import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import java.util.Arrays;

/**
 * DESIGN section 6, fed in linearisation order. Per page it keeps the stores the display does not show yet, each
 * with how many harvests examined its page after it without reporting it.
 * <ul>
 *   <li>lost update: a store still not shown once the quiesce protocol is over;</li>
 *   <li>late report: a store ordered before harvest H examined its page, reported neither by H nor by H+1 (and not
 *       shown meanwhile);</li>
 *   <li>spurious dirty: a page reported with no store since the harvest that last reported it examined it;</li>
 *   <li>display latency: from a store to the first redraw that shows it (or newer content).</li>
 * </ul>
 */
public final class Oracle {
    private final PendingStores[] pending;
    private final long[] lastStoreLseq;
    private final long[] lastReportExamined;
    /** Per page, the stores that became late, for explain. */
    private final LongList[] lateStores;
    private final LongList latencies = new LongList(1024);
    private long stores;
    private long late;
    private long spurious;

    public Oracle(int pages) {
        pending = new PendingStores[pages];
        for (int p = 0; p < pages; p++) pending[p] = new PendingStores();
        lastStoreLseq = new long[pages];
        lastReportExamined = new long[pages];
        lateStores = new LongList[pages];
    }

    public void store(int page, long lseq, long time) {
        stores++;
        lastStoreLseq[page] = lseq;
        pending[page].add(lseq, time);
    }

    /** The display now shows {@code stamp} (the lseq of the store that wrote it) on this page. */
    public void shown(int page, long stamp, long time) {
        PendingStores q = pending[page];
        while (q.size() > 0 && q.headLseq() <= stamp) {
            latencies.add(Math.max(0, time - q.headTime()));
            q.pop();
        }
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
            late += pending[p].examinedBy(examined, reported, this, p);
        }
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
        for (PendingStores q : pending) if (q.size() > 0) n++;
        return n;
    }

    private void noteLate(int page, long lseq) {
        if (lateStores[page] == null) lateStores[page] = new LongList(4);
        lateStores[page].add(lseq);
    }

    /** The stores to one page that were reported late (missed by two harvests), in order. */
    public long[] lateLseqs(int page) {
        return lateStores[page] == null ? new long[0] : lateStores[page].toArray();
    }

    /** The stores to one page that the display does not show yet, oldest first. */
    public long[] unshownLseqs(int page) {
        return pending[page].lseqs();
    }

    /**
     * Latency percentiles in the fold's time unit (nearest rank), 0 when nothing was shown. Selection, not a sort:
     * a replay of millions of stores spends its time folding, not ordering latencies.
     */
    public long[] latencyPercentiles(double... pcts) {
        long[] out = new long[pcts.length];
        int n = latencies.size();
        if (n == 0) return out;
        long[] work = latencies.toArray();
        for (int i = 0; i < pcts.length; i++) {
            int rank = (int) Math.ceil(pcts[i] / 100.0 * n);
            out[i] = select(work, Math.max(0, Math.min(n - 1, rank - 1)));
        }
        return out;
    }

    /** The k-th smallest value (Hoare's quickselect, median-of-three pivot); reorders {@code a}. */
    static long select(long[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long pivot = Math.max(Math.min(a[lo], a[mid]), Math.min(Math.max(a[lo], a[mid]), a[hi]));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    long t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
    }

    /** Growable queue of one page's unshown stores with their miss counts. */
    private static final class PendingStores {
        private long[] lseq = new long[4];
        private long[] time = new long[4];
        /** Harvests that examined the page after the store without reporting it; -1 once a harvest reported it. */
        private byte[] misses = new byte[4];
        private int head;
        private int tail;

        void add(long l, long t) {
            if (tail == lseq.length) {
                int live = tail - head;
                int cap = live * 2 >= lseq.length ? lseq.length * 2 : lseq.length;
                lseq = compact(lseq, cap);
                time = compact(time, cap);
                byte[] m = new byte[cap];
                System.arraycopy(misses, head, m, 0, live);
                misses = m;
                tail = live;
                head = 0;
            }
            lseq[tail] = l;
            time[tail] = t;
            misses[tail] = 0;
            tail++;
        }

        private long[] compact(long[] a, int cap) {
            long[] b = new long[cap];
            System.arraycopy(a, head, b, 0, tail - head);
            return b;
        }

        int size() { return tail - head; }

        long headLseq() { return lseq[head]; }

        long headTime() { return time[head]; }

        void pop() { head++; }

        long[] lseqs() { return Arrays.copyOfRange(lseq, head, tail); }

        /** A harvest examined the page at {@code examined}; returns how many stores became late. */
        int examinedBy(long examined, boolean reported, Oracle oracle, int page) {
            int newlyLate = 0;
            for (int i = head; i < tail && lseq[i] < examined; i++) {
                if (misses[i] < 0) continue;
                if (reported) {
                    misses[i] = -1;
                } else if (++misses[i] == 2) {
                    newlyLate++;
                    oracle.noteLate(page, lseq[i]);
                } else if (misses[i] > 2) {
                    misses[i] = 2;
                }
            }
            return newlyLate;
        }
    }
}
