package dev.dirtyvram.domain.oracle;

import java.util.Arrays;

/**
 * Which of one page's stores something applies to (lost, late), as ranges of linearisation numbers: the stores to a
 * page are a subsequence of the timeline, so a run of them is named by its first and last lseq however many it holds.
 */
public final class StoreRanges {
    public static final StoreRanges NONE = new StoreRanges();

    private long[] lo = new long[2];
    private long[] hi = new long[2];
    private int n;

    /** Every store after {@code lseq}: a page's lost stores are those after the newest content it showed. */
    public static StoreRanges after(long lseq) {
        StoreRanges r = new StoreRanges();
        r.add(lseq + 1, Long.MAX_VALUE);
        return r;
    }

    /** Adds {@code [from, to]}, which follows every range so far. */
    void add(long from, long to) {
        if (n > 0 && from <= hi[n - 1]) throw new IllegalArgumentException("ranges must come in order");
        if (n == lo.length) {
            lo = Arrays.copyOf(lo, 2 * n);
            hi = Arrays.copyOf(hi, 2 * n);
        }
        lo[n] = from;
        hi[n] = to;
        n++;
    }

    public boolean contains(long lseq) {
        int i = Arrays.binarySearch(lo, 0, n, lseq);
        if (i >= 0) return true;
        int before = -i - 2;
        return before >= 0 && lseq <= hi[before];
    }

    public boolean isEmpty() {
        return n == 0;
    }

    int ranges() {
        return n;
    }
}
