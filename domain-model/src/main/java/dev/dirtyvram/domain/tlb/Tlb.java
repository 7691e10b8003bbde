package dev.dirtyvram.domain.tlb;

import java.util.LinkedHashMap;
import java.util.Map;

/** One VCPU's TLB: vpn -> (mfn, RW, D as cached at fill), least recently used entry evicted at capacity. */
public final class Tlb {
    /** What the processor cached from the PTE; {@code dirty} is updated when a store sets D through it. */
    public static final class Entry {
        public final int mfn;
        public final boolean rw;
        public boolean dirty;

        Entry(int mfn, boolean rw, boolean dirty) {
            this.mfn = mfn;
            this.rw = rw;
            this.dirty = dirty;
        }
    }

    private final LinkedHashMap<Integer, Entry> entries;

    public Tlb(int capacity) {
        this.entries = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    public Entry lookup(int vpn) {
        return entries.get(vpn);
    }

    public Entry fill(int vpn, int mfn, boolean rw, boolean dirty) {
        Entry e = new Entry(mfn, rw, dirty);
        entries.put(vpn, e);
        return e;
    }

    public void invlpg(int vpn) {
        entries.remove(vpn);
    }

    public void flush() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }
}
