package dev.dirtyvram.domain.oracle;

/**
 * One page's stores the display does not show yet, oldest first, in a memory that does not grow with the run. Each
 * entry is a group of consecutive stores with one miss count: how many harvests examined the page after them without
 * reporting it, -1 once a harvest reported it. Stores folded since the last harvest are single entries (the next
 * harvest's examination may fall between them). Once a harvest is folded, every pending store lies before any later
 * harvest's examination, so neighbours with equal miss counts share their future and are merged, as long as their
 * times lie within {@link #TIME_SPREAD} of their age: a merged group's latency, taken at its middle, is then within
 * 1/2048 of each of its stores'. So a page keeps a few thousand entries however long it goes unshown.
 *
 * <p>An entry is four longs side by side (its last lseq, earliest and latest time, count and miss count), so that a
 * store to a random page touches one cache line of it; a group's first store follows the entry before it (or
 * {@link #floor}, the newest store shown): a page's stores are a subsequence of the timeline.
 */
final class PendingStores {
    /** A merged group spans at most this share of the age of its newest store. */
    static final long TIME_SPREAD = 1024;
    private static final int STRIDE = 4;
    private static final int LAST = 0;
    private static final int T_MIN = 1;
    private static final int T_MAX = 2;
    /** count << 8 | (misses & 0xff) */
    private static final int COUNT_MISSES = 3;

    private long[] e = new long[16 * STRIDE];
    /** Entry indices (in longs) of the oldest entry and one past the newest. */
    private int head;
    private int tail;
    private long stores;
    /** The lseq of the newest store shown: the first pending store comes after it. */
    private long floor;
    /** The page's newest store (for spurious reports). */
    long lastStore;
    /** What the harvest that last reported the page examined (for spurious reports). */
    long lastReportExamined;

    boolean isEmpty() {
        return head == tail;
    }

    /** Stores pending. */
    long size() {
        return stores;
    }

    int entries() {
        return (tail - head) / STRIDE;
    }

    /** The newest content shown (every pending store comes after it). */
    long floor() {
        return floor;
    }

    private static long countMisses(long count, int misses) {
        return count << 8 | (misses & 0xff);
    }

    private static long count(long cm) {
        return cm >>> 8;
    }

    private static int misses(long cm) {
        return (byte) cm;
    }

    void add(long lseq, long time) {
        if (tail == e.length) grow();
        long[] a = e;
        int t = tail;
        a[t + LAST] = lseq;
        a[t + T_MIN] = time;
        a[t + T_MAX] = time;
        a[t + COUNT_MISSES] = 1L << 8;
        tail = t + STRIDE;
        stores++;
        lastStore = lseq;
    }

    /**
     * The display shows content at least as new as {@code stamp} since {@code time}: every store up to it is shown,
     * its latency recorded. A page shows the newest store to its frame, so a group is never split here: in a timeline
     * true to its memory every pending store is at or below the stamp. {@code latencies} may be null (not kept).
     */
    void shown(long stamp, long time, Latencies latencies) {
        long[] a = e;
        int h = head;
        while (h < tail && a[h + LAST] <= stamp) {
            long n = count(a[h + COUNT_MISSES]);
            long lo = a[h + T_MIN];
            if (latencies != null) {
                if (n == 1) {
                    latencies.record(Math.max(0, time - lo));
                } else {
                    long mid = lo + (a[h + T_MAX] - lo) / 2;
                    latencies.record(Math.max(0, time - mid), n, Math.max(0, time - lo));
                }
            }
            stores -= n;
            floor = a[h + LAST];
            h += STRIDE;
        }
        floor = Math.max(floor, stamp);
        if (h == tail) h = tail = 0;
        head = h;
    }

    /**
     * Where the entry at {@code i} begins: a single store's own lseq; for a group, just after the entry before it (or
     * the newest shown), since no store of the page lies between.
     */
    private long firstOf(int i) {
        if (count(e[i + COUNT_MISSES]) == 1) return e[i + LAST];
        return (i == head ? floor : e[i - STRIDE + LAST]) + 1;
    }

    /**
     * A harvest examined the page at {@code examined} and reported it or not: the stores before that have their miss
     * counts moved on; a group reaching two misses is late ({@code late} hears its range and count). Then, every
     * pending store being before any later examination, groups are merged.
     */
    long examinedBy(long examined, boolean reported, long now, LateSink late) {
        long newlyLate = 0;
        long[] a = e;
        for (int i = head; i < tail; i += STRIDE) {
            long first = firstOf(i);
            if (first >= examined) break;
            // Only stores folded since the last harvest can follow this one's examination, and they are not merged yet.
            if (a[i + LAST] >= examined) throw new IllegalStateException("a harvest examined lseq " + examined
                    + " inside a group of stores (" + first + ".." + a[i + LAST] + ")");
            long cm = a[i + COUNT_MISSES];
            int m = misses(cm);
            if (m < 0) continue;
            long n = count(cm);
            if (reported) {
                m = -1;
            } else if (m == 1) {
                m = 2;
                newlyLate += n;
                late.late(first, a[i + LAST], n);
            } else if (m == 0) {
                m = 1;
            }
            a[i + COUNT_MISSES] = countMisses(n, m);
        }
        merge(now);
        return newlyLate;
    }

    private void merge(long now) {
        if (tail - head < 2 * STRIDE) return;
        long[] a = e;
        int w = head;
        for (int r = head + STRIDE; r < tail; r += STRIDE) {
            long lo = Math.min(a[w + T_MIN], a[r + T_MIN]);
            long hi = Math.max(a[w + T_MAX], a[r + T_MAX]);
            long cw = a[w + COUNT_MISSES];
            long cr = a[r + COUNT_MISSES];
            boolean fits = misses(cw) == misses(cr) && (hi - lo) * TIME_SPREAD <= now - hi;
            if (fits) {
                a[w + LAST] = a[r + LAST];
                a[w + T_MIN] = lo;
                a[w + T_MAX] = hi;
                a[w + COUNT_MISSES] = countMisses(count(cw) + count(cr), misses(cw));
            } else {
                w += STRIDE;
                if (w != r) System.arraycopy(a, r, a, w, STRIDE);
            }
        }
        tail = w + STRIDE;
    }

    private void grow() {
        int live = tail - head;
        long[] b = live * 2 >= e.length ? new long[e.length * 2] : e;
        System.arraycopy(e, head, b, 0, live);
        e = b;
        tail = live;
        head = 0;
    }

    /** Hears each group of stores as it becomes late. */
    interface LateSink {
        void late(long firstLseq, long lastLseq, long stores);
    }
}
