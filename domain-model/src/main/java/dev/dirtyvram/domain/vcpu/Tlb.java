package dev.dirtyvram.domain.vcpu;

import java.util.Arrays;

/**
 * One VCPU's TLB: vpn -> (mfn, RW, D as cached at fill), least recently used entry evicted at capacity. Entries are
 * slots in primitive arrays, found through a table indexed by vpn (the guest's vpns are few and dense: two mappings
 * of the LFB) and kept in a doubly linked recency list: a lookup or a fill makes an entry the most recent, a fill
 * beyond capacity evicts the least recent (the order a {@code LinkedHashMap} in access order keeps, so the same
 * evictions), and nothing is allocated per access.
 */
public final class Tlb {
    private static final int NONE = -1;

    private final int capacity;
    private final int[] vpn;
    private final int[] mfn;
    private final boolean[] rw;
    private final boolean[] dirty;
    /** The recency list: {@link #eldest} first, {@link #youngest} last. */
    private final int[] older;
    private final int[] younger;
    private int eldest = NONE;
    private int youngest = NONE;
    /** vpn -> slot ({@link #NONE}: not cached); grown to the largest vpn filled. */
    private int[] slotOf = new int[64];
    private int size;
    /** Free slots, a stack. */
    private final int[] free;
    private int freeCount;

    public Tlb(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("a TLB holds at least one entry");
        this.capacity = capacity;
        vpn = new int[capacity];
        mfn = new int[capacity];
        rw = new boolean[capacity];
        dirty = new boolean[capacity];
        older = new int[capacity];
        younger = new int[capacity];
        Arrays.fill(slotOf, NONE);
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
        freeCount = capacity;
    }

    /** {@code v}'s slot, or {@link #NONE}. */
    private int find(int v) {
        return Integer.compareUnsigned(v, slotOf.length) < 0 ? slotOf[v] : NONE;
    }

    /** The entry's slot for {@code vpn}, made the most recent; {@link #NONE} (-1) on a miss. */
    public int lookup(int v) {
        int s = find(v);
        if (s != NONE) touch(s);
        return s;
    }

    /** Caches {@code vpn}'s translation (replacing an older one for it), evicting the least recent entry when full. */
    public int fill(int v, int m, boolean writable, boolean d) {
        int s = find(v);
        if (s != NONE) {
            touch(s);
        } else {
            if (Integer.compareUnsigned(v, slotOf.length) >= 0) grow(v);
            if (freeCount == 0) remove(vpn[eldest]);
            s = free[--freeCount];
            vpn[s] = v;
            link(s);
            slotOf[v] = s;
            size++;
        }
        mfn[s] = m;
        rw[s] = writable;
        dirty[s] = d;
        return s;
    }

    public int mfn(int slot) { return mfn[slot]; }

    public boolean rw(int slot) { return rw[slot]; }

    public boolean dirty(int slot) { return dirty[slot]; }

    /** A store set D through the entry: it caches D = 1 from now on. */
    public void setDirty(int slot) {
        dirty[slot] = true;
    }

    public void invlpg(int v) {
        remove(v);
    }

    public void flush() {
        if (size == 0) return;
        for (int s = eldest; s != NONE; s = younger[s]) slotOf[vpn[s]] = NONE;
        for (int i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
        freeCount = capacity;
        eldest = youngest = NONE;
        size = 0;
    }

    public int size() {
        return size;
    }

    private void remove(int v) {
        int s = find(v);
        if (s == NONE) return;
        slotOf[v] = NONE;
        unlink(s);
        free[freeCount++] = s;
        size--;
    }

    private void grow(int v) {
        if (v < 0) throw new IllegalArgumentException("vpn " + v);
        int n = slotOf.length;
        slotOf = Arrays.copyOf(slotOf, Integer.highestOneBit(v) << 1);
        Arrays.fill(slotOf, n, slotOf.length, NONE);
    }

    private void touch(int s) {
        if (s == youngest) return;
        unlink(s);
        link(s);
    }

    private void link(int s) {
        older[s] = youngest;
        younger[s] = NONE;
        if (youngest != NONE) younger[youngest] = s;
        else eldest = s;
        youngest = s;
    }

    private void unlink(int s) {
        int o = older[s];
        int y = younger[s];
        if (o != NONE) younger[o] = y;
        else eldest = y;
        if (y != NONE) older[y] = o;
        else youngest = o;
    }
}
