package dev.dirtyvram.domain.oracle;

/**
 * One page's stores the display does not show yet, oldest first, in a memory that does not grow with the run. Each
 * entry is a group of consecutive stores with one miss count: how many harvests examined the page after them without
 * reporting it, -1 once a harvest reported it. Stores folded since the last harvest are single entries (the next
 * harvest's examination may fall between them). Once a harvest is folded, every pending store lies before any later
 * harvest's examination, so neighbours with equal miss counts share their future and are merged, as long as their
 * times lie within {@link #TIME_SPREAD} of their age: a merged group's latency, taken at its middle, is then within
 * 1/2048 of each of its stores'. So a page keeps a few thousand entries however long it goes unshown.
 */
final class PendingStores {
    /** A merged group spans at most this share of the age of its newest store. */
    static final long TIME_SPREAD = 1024;

    private long[] first = new long[4];
    private long[] last = new long[4];
    private long[] tMin = new long[4];
    private long[] tMax = new long[4];
    private int[] count = new int[4];
    private byte[] misses = new byte[4];
    private int head;
    private int tail;
    private long stores;

    boolean isEmpty() {
        return head == tail;
    }

    /** Stores pending. */
    long size() {
        return stores;
    }

    int entries() {
        return tail - head;
    }

    void add(long lseq, long time) {
        if (tail == first.length) grow();
        first[tail] = lseq;
        last[tail] = lseq;
        tMin[tail] = time;
        tMax[tail] = time;
        count[tail] = 1;
        misses[tail] = 0;
        tail++;
        stores++;
    }

    /**
     * The display shows content at least as new as {@code stamp} since {@code time}: every store up to it is shown,
     * its latency recorded. A page shows the newest store to its frame, so a group is never split here; a stamp
     * inside a group is a timeline that contradicts its memory.
     */
    void shown(long stamp, long time, Latencies latencies) {
        while (head < tail && last[head] <= stamp) {
            long mid = tMin[head] + (tMax[head] - tMin[head]) / 2;
            latencies.record(Math.max(0, time - mid), count[head], Math.max(0, time - tMin[head]));
            stores -= count[head];
            head++;
        }
        if (head < tail && first[head] <= stamp) {
            throw new IllegalStateException("the display shows lseq " + stamp + " inside a group of stores (" + first[head]
                    + ".." + last[head] + "): the timeline contradicts its memory");
        }
        if (head == tail) head = tail = 0;
    }

    /**
     * A harvest examined the page at {@code examined} and reported it or not: the stores before that have their miss
     * counts moved on; a group reaching two misses is late ({@code late} hears its range and count). Then, every
     * pending store being before any later examination, groups are merged.
     */
    long examinedBy(long examined, boolean reported, long now, LateSink late) {
        long newlyLate = 0;
        for (int i = head; i < tail; i++) {
            if (first[i] >= examined) break;
            // Only stores folded since the last harvest can follow this one's examination, and they are not merged yet.
            if (last[i] >= examined) throw new IllegalStateException("a harvest examined lseq " + examined
                    + " inside a group of stores (" + first[i] + ".." + last[i] + ")");
            if (misses[i] < 0) continue;
            if (reported) {
                misses[i] = -1;
            } else if (misses[i] == 1) {
                misses[i] = 2;
                newlyLate += count[i];
                late.late(first[i], last[i], count[i]);
            } else if (misses[i] == 0) {
                misses[i] = 1;
            }
        }
        merge(now);
        return newlyLate;
    }

    private void merge(long now) {
        if (tail - head < 2) return;
        int w = head;
        for (int r = head + 1; r < tail; r++) {
            long lo = Math.min(tMin[w], tMin[r]);
            long hi = Math.max(tMax[w], tMax[r]);
            boolean fits = misses[w] == misses[r] && (hi - lo) * TIME_SPREAD <= now - hi
                    && (long) count[w] + count[r] <= Integer.MAX_VALUE;
            if (fits) {
                last[w] = last[r];
                tMin[w] = lo;
                tMax[w] = hi;
                count[w] += count[r];
            } else {
                w++;
                first[w] = first[r];
                last[w] = last[r];
                tMin[w] = tMin[r];
                tMax[w] = tMax[r];
                count[w] = count[r];
                misses[w] = misses[r];
            }
        }
        tail = w + 1;
    }

    private void grow() {
        int live = tail - head;
        int cap = live * 2 >= first.length ? first.length * 2 : first.length;
        first = copy(first, cap);
        last = copy(last, cap);
        tMin = copy(tMin, cap);
        tMax = copy(tMax, cap);
        int[] c = new int[cap];
        System.arraycopy(count, head, c, 0, live);
        count = c;
        byte[] m = new byte[cap];
        System.arraycopy(misses, head, m, 0, live);
        misses = m;
        tail = live;
        head = 0;
    }

    private long[] copy(long[] a, int cap) {
        long[] b = new long[cap];
        System.arraycopy(a, head, b, 0, tail - head);
        return b;
    }

    /** Hears each group of stores as it becomes late. */
    interface LateSink {
        void late(long firstLseq, long lastLseq, int stores);
    }
}
