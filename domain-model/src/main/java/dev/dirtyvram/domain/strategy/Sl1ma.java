package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.memory.Pte;
import dev.dirtyvram.domain.paging.VirtualLayout;
import java.util.Arrays;

/**
 * What Xen shipped ({@code shadow_track_dirty_vram}): a {@code DirtyVram} remembering, per LFB frame, the one sl1e
 * that maps it ({@code sl1ma}). Count 0: clean without looking. Count > 1 or unknown: dirty. Otherwise
 * test-and-clear that sl1e's D bit. The first call after (re)arming has no data: it removes every mapping of the
 * range so that faults rebuild {@code sl1ma}, and the device model redraws everything. After the range stayed clean
 * for {@code sl1maIdleDropNs} it drops write access; the next store faults, which re-arms the page. It flushes only
 * when some D bit was cleared.
 */
public final class Sl1ma implements HarvestStrategy {
    static final int NONE = -1;
    static final int MULTIPLE = -2;

    private final P2m p2m;
    private final VirtualLayout vl;
    /** DirtyVram { sl1ma[], dirtyBitmap, lastDirty }; null until trackDirtyVram's first call. */
    private int[] sl1ma;
    private boolean[] dirtyBitmap;
    private long lastDirty;
    private boolean writeAccessDropped;

    Sl1ma(P2m p2m, VirtualLayout vl) {
        this.p2m = p2m;
        this.vl = vl;
    }

    @Override
    public StrategyId id() { return StrategyId.SL1MA; }

    public boolean writeAccessDropped() { return writeAccessDropped; }

    @Override
    public void onShadowL1eChange(int vpn, long oldSl1e, long newSl1e) {
        if (sl1ma == null) return;
        int oldPage = Pte.present(oldSl1e) ? p2m.lfbPageOfMfn(Pte.mfn(oldSl1e)) : -1;
        if (oldPage >= 0) {
            // shadow_vram_put_l1e: a D bit in the entry going away must not be forgotten.
            if (Pte.dirty(oldSl1e) || sl1ma[oldPage] == MULTIPLE) dirtyBitmap[oldPage] = true;
            if (sl1ma[oldPage] == vpn) sl1ma[oldPage] = NONE;
        }
        int newPage = Pte.present(newSl1e) ? p2m.lfbPageOfMfn(Pte.mfn(newSl1e)) : -1;
        if (newPage >= 0) {
            // shadow_vram_get_l1e
            if (sl1ma[newPage] == NONE) sl1ma[newPage] = vpn;
            else if (sl1ma[newPage] != vpn) sl1ma[newPage] = MULTIPLE;
        }
    }

    @Override
    public void rangeChanged() {
        sl1ma = null;
    }

    @Override
    public HarvestWalk begin(HarvestContext ctx, long startLseq, boolean forceFlush) {
        return sl1ma == null ? arm(ctx, startLseq, forceFlush) : harvest(ctx, startLseq, forceFlush);
    }

    /** First call: allocate, remove every mapping of the range (faults rebuild sl1ma), report "no data". */
    private HarvestWalk arm(HarvestContext ctx, long startLseq, boolean forceFlush) {
        int pages = p2m.lfbPages();
        sl1ma = new int[pages];
        Arrays.fill(sl1ma, NONE);
        dirtyBitmap = new boolean[pages];
        lastDirty = ctx.log().now();
        writeAccessDropped = false;
        HarvestWalk w = new HarvestWalk(ctx, startLseq, forceFlush) {
            private int vpn;
            {
                outcome = HarvestOutcome.NO_DATA;
                HarvestCompleted.setAll(reported, pages);
                mustFlush = true;
            }

            @Override
            public boolean step() {
                int slots = vl.virtualPages();
                if (vpn >= slots) return false;
                long read = ctx.mem().readSl1e(vpn, ctx.log());
                if (Pte.present(read)) ctx.shadow().shadowSetL1e(vpn, 0, ctx.log());
                vpn++;
                if (vpn == slots) Arrays.fill(dirtyBitmap, false);
                return vpn < slots;
            }
        };
        return w;
    }

    private HarvestWalk harvest(HarvestContext ctx, long startLseq, boolean forceFlush) {
        return new HarvestWalk(ctx, startLseq, forceFlush) {
            private int page;
            private long read = -1;
            private boolean anyDirty;
            private int dropVpn = -1;

            {
                for (int p = 0; p < pages; p++) {
                    if (dirtyBitmap[p]) report(p);
                    dirtyBitmap[p] = false;
                }
            }

            @Override
            public boolean step() {
                if (dropVpn >= 0) return dropStep();
                if (page >= pages) return false;
                int s = sl1ma[page];
                if (read >= 0) {
                    clearDirty(s, read);
                    return next();
                }
                if (s == NONE) return next();
                if (s == MULTIPLE) {
                    report(page);
                    return next();
                }
                read = ctx.mem().readSl1e(s, ctx.log());
                examinedLseq[page] = ctx.log().lastLseq();
                if (Pte.dirty(read)) {
                    report(page);
                    return true; // the clear is the next access
                }
                return next();
            }

            private boolean next() {
                read = -1;
                page++;
                if (page < pages) return true;
                return finish();
            }

            /** Record when the range was last dirty; after a long clean spell, drop write access. */
            private boolean finish() {
                for (long w : reported) anyDirty |= w != 0;
                long now = ctx.log().now();
                if (anyDirty) {
                    lastDirty = now;
                    writeAccessDropped = false;
                    return false;
                }
                if (writeAccessDropped || now - lastDirty < ctx.cfg().sl1maIdleDropNs()) return false;
                writeAccessDropped = true;
                mustFlush = true;
                dropVpn = 0;
                return true;
            }

            private boolean dropStep() {
                int slots = vl.virtualPages();
                if (dropVpn >= slots) return false;
                if (read < 0) {
                    read = ctx.mem().readSl1e(dropVpn, ctx.log());
                    if (Pte.present(read) && Pte.writable(read) && p2m.lfbPageOfMfn(Pte.mfn(read)) >= 0) return true;
                } else {
                    ctx.shadow().shadowSetL1e(dropVpn, read & ~Pte.RW, ctx.log());
                }
                read = -1;
                dropVpn++;
                return dropVpn < slots;
            }
        };
    }
}
