package dev.dirtyvram.domain.paging;

import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.memory.Pte;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The guest's own level-1 entries (gl1e, holding gfns) for the LFB's kernel and alias mappings, the higher-level
 * read-only switch, and the writable type count of each LFB frame. Guest PTE writes are emulated by the hypervisor
 * under the shadow lock, so only it writes here; VCPUs read gl1es to pick the mapping the guest code uses.
 */
public final class GuestPageTables {
    private final VirtualLayout layout;
    private final AtomicLongArray gl1e;
    private final int[] writableCount;
    private volatile boolean lfbRangeReadOnly;

    public GuestPageTables(VirtualLayout layout) {
        this.layout = layout;
        this.gl1e = new AtomicLongArray(layout.virtualPages());
        this.writableCount = new int[layout.lfbPages()];
        for (int p = 0; p < layout.lfbPages(); p++) {
            setGl1e(layout.kernelVpn(p), Pte.make(P2m.lfbGfn(p), Pte.PRESENT | Pte.RW));
        }
    }

    public VirtualLayout layout() { return layout; }

    public long gl1e(int vpn) { return gl1e.get(vpn); }

    /** The gl1e's frame field holds a gfn. */
    public static int gfn(long gl1e) { return Pte.mfn(gl1e); }

    public void setGl1e(int vpn, long value) {
        long old = gl1e.getAndSet(vpn, value);
        adjustCount(old, -1);
        adjustCount(value, +1);
    }

    private void adjustCount(long e, int delta) {
        if (!Pte.present(e) || !Pte.writable(e)) return;
        int page = gfn(e) - P2m.LFB_GFN_BASE;
        if (page >= 0 && page < writableCount.length) writableCount[page] += delta;
    }

    /** How many writable guest mappings the LFB page's frame has (the type count). */
    public int writableCount(int page) { return writableCount[page]; }

    public boolean aliasPresent(int page) {
        return Pte.present(gl1e.get(layout.aliasVpn(page)));
    }

    public boolean lfbRangeReadOnly() { return lfbRangeReadOnly; }

    public void setLfbRangeReadOnly(boolean ro) { lfbRangeReadOnly = ro; }
}
