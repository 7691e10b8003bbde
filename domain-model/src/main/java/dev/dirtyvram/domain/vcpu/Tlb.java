package dev.dirtyvram.domain.vcpu;

import java.util.Arrays;

/**
 * One VCPU's TLB: vpn -> (mfn, RW, D as cached at fill), least recently used entry evicted at capacity. Entries are
 * slots in primitive arrays, found through an open-addressing table and kept in a doubly linked recency list: a
 * lookup or a fill makes an entry the most recent, a fill beyond capacity evicts the least recent (the order a
 * {@code LinkedHashMap} in access order keeps, so the same evictions), and nothing is allocated per access.
 */
public final class Tlb {
    private static final int NONE = -1;
    private static final int FREE = -1;
    private static final int GONE = -2;

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
    /** vpn -> slot, linear probing; a removed key leaves {@link #GONE} so that probes carry on past it. */
    private final int[] keys;
    private final int[] slotOf;
    private final int mask;
    private int size;
    private int gone;
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
        int table = Integer.highestOneBit(capacity * 4 - 1) << 1;
        keys = new int[table];
        slotOf = new int[table];
        mask = table - 1;
        Arrays.fill(keys, FREE);
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
        freeCount = capacity;
    }

    private static int hash(int v) {
        int h = v * 0x9E3779B1;
        return h ^ (h >>> 16);
    }

    /** Where {@code v}'s key sits in the table, or {@link #NONE}. */
    private int find(int v) {
        for (int i = hash(v) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == v) return i;
            if (k == FREE) return NONE;
        }
    }

    /** The entry's slot for {@code vpn}, made the most recent; {@link #NONE} (-1) on a miss. */
    public int lookup(int v) {
        int at = find(v);
        if (at == NONE) return NONE;
        int s = slotOf[at];
        touch(s);
        return s;
    }

    /** Caches {@code vpn}'s translation (replacing an older one for it), evicting the least recent entry when full. */
    public int fill(int v, int m, boolean writable, boolean d) {
        int at = find(v);
        int s;
        if (at != NONE) {
            s = slotOf[at];
            touch(s);
        } else {
            if (freeCount == 0) remove(vpn[eldest]);
            s = free[--freeCount];
            vpn[s] = v;
            link(s);
            insertKey(v, s);
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
        Arrays.fill(keys, FREE);
        for (int i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
        freeCount = capacity;
        eldest = youngest = NONE;
        size = 0;
        gone = 0;
    }

    public int size() {
        return size;
    }

    private void remove(int v) {
        int at = find(v);
        if (at == NONE) return;
        int s = slotOf[at];
        keys[at] = GONE;
        gone++;
        unlink(s);
        free[freeCount++] = s;
        size--;
        if (gone > keys.length / 4) rehash();
    }

    private void insertKey(int v, int s) {
        int i = hash(v) & mask;
        while (keys[i] >= 0) i = (i + 1) & mask;
        if (keys[i] == GONE) gone--;
        keys[i] = v;
        slotOf[i] = s;
    }

    /** Tombstones slow probes down: the table is rebuilt from the live entries now and then. */
    private void rehash() {
        Arrays.fill(keys, FREE);
        gone = 0;
        for (int s = eldest; s != NONE; s = younger[s]) insertKey(vpn[s], s);
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
