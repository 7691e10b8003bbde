package dev.dirtyvram.domain.vcpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The primitive TLB against the LinkedHashMap in access order it replaced: the same entries after every one of many
 * random lookups, fills, invlpgs and flushes, so the same evictions (a timeline depends on them).
 */
class TlbTest {
    private record Entry(int mfn, boolean rw, boolean dirty) {}

    @Test
    void evictsExactlyAsAnAccessOrderedLinkedHashMap() {
        for (int capacity : new int[] {1, 2, 3, 7, 64}) {
            for (long seed = 1; seed <= 5; seed++) {
                SplittableRandom r = new SplittableRandom(seed * 31 + capacity);
                Tlb tlb = new Tlb(capacity);
                LinkedHashMap<Integer, Entry> model = new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Integer, Entry> eldest) {
                        return size() > capacity;
                    }
                };
                int span = capacity * 3;
                for (int step = 0; step < 20_000; step++) {
                    int vpn = r.nextInt(span);
                    int what = r.nextInt(100);
                    if (what < 50) {
                        int slot = tlb.lookup(vpn);
                        Entry e = model.get(vpn);
                        assertEquals(e != null, slot >= 0, "lookup " + vpn + " at step " + step);
                        if (e != null) {
                            assertEquals(e, new Entry(tlb.mfn(slot), tlb.rw(slot), tlb.dirty(slot)));
                            if (r.nextInt(4) == 0) {
                                tlb.setDirty(slot);
                                model.put(vpn, new Entry(e.mfn(), e.rw(), true)); // an update in place: order as the get left it
                            }
                        }
                    } else if (what < 90) {
                        Entry e = new Entry(r.nextInt(1 << 20), r.nextBoolean(), r.nextBoolean());
                        tlb.fill(vpn, e.mfn(), e.rw(), e.dirty());
                        model.put(vpn, e);
                    } else if (what < 99) {
                        tlb.invlpg(vpn);
                        model.remove(vpn);
                    } else {
                        tlb.flush();
                        model.clear();
                    }
                    assertEquals(model.size(), tlb.size(), "size at step " + step);
                }
                // The same recency order: looking each up from eldest to youngest keeps both orders the same.
                for (Integer v : model.keySet().toArray(new Integer[0])) assertEquals(true, tlb.lookup(v) >= 0);
            }
        }
    }
}
