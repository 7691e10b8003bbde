package dev.dirtyvram.domain.paging;

import dev.dirtyvram.domain.config.SetL1eMode;
import dev.dirtyvram.domain.event.OpLog;
import dev.dirtyvram.domain.memory.MachineMemory;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.memory.Pte;

/**
 * Software's side of the sl1es, and the writable type count of each LFB frame: the number of present writable sl1es
 * that map it (Xen's {@code PGT_count_mask} of a writable page; qemu's foreign mappings take none). Two writers, as in
 * Xen: {@link #shadowSetL1e} ({@code shadow_set_l1e}) and {@link #destroyL1} ({@code sh_destroy_l1_shadow}, which
 * calls the put hook directly). Only the shadow-lock owner calls them.
 */
public final class ShadowPageTables {
    /** What a strategy hears when a shadow mapping is made or goes away ({@code shadow_vram_get_mfn}/{@code put_mfn}). */
    public interface L1eHooks {
        /** A new entry is about to be stored; the frame's count already includes it (Xen: get_page_type first). */
        default void getL1e(int vpn, long newSl1e, int writableCount) {}

        /**
         * An entry went away or was replaced; {@code oldSl1e} holds the flags as the writer read them, and the
         * frame's count still includes it (Xen drops the type reference after the hook).
         *
         * @param teardown the entry went with its whole L1 shadow, not through shadowSetL1e
         */
        default void putL1e(int vpn, long oldSl1e, int writableCount, boolean teardown) {}
    }

    private final MachineMemory mem;
    private final P2m p2m;
    private final SetL1eMode mode;
    private final int[] writableCount;
    private L1eHooks hooks = new L1eHooks() { };

    public ShadowPageTables(MachineMemory mem, P2m p2m, SetL1eMode mode) {
        this.mem = mem;
        this.p2m = p2m;
        this.mode = mode;
        this.writableCount = new int[p2m.lfbPages()];
    }

    public void hooks(L1eHooks h) {
        this.hooks = h;
    }

    /** The writable type count of an LFB page's frame. */
    public int writableCount(int page) {
        return writableCount[page];
    }

    /** The LFB page a present writable entry maps, or -1. */
    private int writableLfbPage(long sl1e) {
        return Pte.present(sl1e) && Pte.writable(sl1e) ? p2m.lfbPageOfMfn(Pte.mfn(sl1e)) : -1;
    }

    /** shadow_set_l1e with nothing of this thread's between its accesses. */
    public void shadowSetL1e(int vpn, long sl1e, OpLog log) {
        Runnable store = beginSetL1e(vpn, sl1e, log);
        if (store != null) store.run();
    }

    /**
     * shadow_set_l1e's first access. With {@code read-then-store}: read the old entry and return the second access
     * (get hook, the plain store, put hook with the flags as read), for the caller to run as its next step, so that
     * hardware may set D in between. With {@code exchange}: the whole call as one atomic access; returns null.
     */
    public Runnable beginSetL1e(int vpn, long sl1e, OpLog log) {
        if (mode == SetL1eMode.EXCHANGE) {
            exchangeL1e(vpn, sl1e, log);
            return null;
        }
        long old = mem.readSl1e(vpn, log);
        return () -> {
            getRef(vpn, sl1e);
            mem.storeSl1e(vpn, sl1e, log);
            putRef(vpn, old, false);
        };
    }

    /**
     * The entry replaced in one atomic access, whatever {@code shadow.set-l1e} says: KVM changes a present SPTE that
     * hardware may write with one locked operation ({@code mmu_spte_update}), so a D bit set meanwhile is never lost.
     */
    public void exchangeL1e(int vpn, long sl1e, OpLog log) {
        getRef(vpn, sl1e);
        putRef(vpn, mem.exchangeSl1e(vpn, sl1e, log), false);
    }

    /**
     * sh_destroy_l1_shadow for the entries [from, to): the L1 shadow is unhooked and freed, so each entry goes in one
     * access that nothing can race, and the put hook runs directly (not through shadowSetL1e).
     */
    public void destroyL1(int from, int to, OpLog log) {
        for (int vpn = from; vpn < to; vpn++) {
            if (Pte.present(mem.peekSl1e(vpn))) putRef(vpn, mem.exchangeSl1e(vpn, 0, log), true);
        }
    }

    private void getRef(int vpn, long sl1e) {
        int page = writableLfbPage(sl1e);
        if (page >= 0) writableCount[page]++;
        if (Pte.present(sl1e)) hooks.getL1e(vpn, sl1e, page >= 0 ? writableCount[page] : 0);
    }

    private void putRef(int vpn, long old, boolean teardown) {
        if (!Pte.present(old)) return;
        int page = writableLfbPage(old);
        hooks.putL1e(vpn, old, page >= 0 ? writableCount[page] : 0, teardown);
        if (page >= 0) writableCount[page]--;
    }
}
