package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.config.Sl1maVersion;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.event.DirtyVram;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.memory.Pte;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * What Xen shipped: {@code shadow_track_dirty_vram} (xen/arch/x86/mm/shadow/hvm.c) and its hooks. A
 * {@code DirtyVram { sl1ma[], dirtyBitmap, lastDirty }} remembers, per frame of the range, the one writable sl1e that
 * maps it while the frame's writable type count is 1. Per frame: count 0 clean; count 1 with sl1ma unknown dirty
 * (and every mapping of the frame removed, so that the next fault records one); count 1 known: dirty iff that
 * entry's D, which is cleared with a plain store; count > 1 dirty. The first call blows every shadow and has no data.
 * After the range stayed clean for {@code sl1maIdleDropNs}: write access removed from every frame,
 * {@code lastDirty = -1}, and the loop is skipped until a write fault re-arms (a read fault builds a read-only entry).
 * The two versions differ in what a call returns while {@code lastDirty == -1} ({@link Sl1maVersion}).
 */
public final class Sl1ma implements HarvestStrategy {
    static final int UNKNOWN = -1;
    private static final long CLEAN = -1;

    private final P2m p2m;
    private final Sl1maVersion version;
    private final LongSupplier now;
    /** null until trackDirtyVram's first call (and after a range change): tracking disabled, the hooks do nothing. */
    private int[] sl1ma;
    private boolean[] dirtyBitmap;
    private long lastDirty;

    Sl1ma(P2m p2m, Sl1maVersion version, LongSupplier now) {
        this.p2m = p2m;
        this.version = version;
        this.now = now;
    }

    @Override
    public StrategyId id() { return StrategyId.SL1MA; }

    /** last_dirty = -1: the loop is skipped until a write fault re-arms (after the 2 s drop; in xen-2026 also after arming). */
    public boolean loopSkipped() { return sl1ma != null && lastDirty == CLEAN; }

    /** The page's frame if it is in the range and the entry writable, else -1 (the hooks ignore read-only entries). */
    private int trackedPage(long sl1e) {
        if (sl1ma == null || !Pte.present(sl1e) || !Pte.writable(sl1e)) return -1;
        return p2m.lfbPageOfMfn(Pte.mfn(sl1e));
    }

    /** shadow_vram_get_mfn: the initial writable reference is recorded. */
    @Override
    public void getL1e(int vpn, long newSl1e, int writableCount) {
        int page = trackedPage(newSl1e);
        if (page >= 0 && writableCount == 1) sl1ma[page] = vpn;
    }

    /** shadow_vram_put_mfn, with the old entry's flags as the writer read them. */
    @Override
    public void putL1e(int vpn, long oldSl1e, int writableCount, boolean teardown) {
        int page = trackedPage(oldSl1e);
        if (page < 0) return;
        boolean dirty;
        if (writableCount == 1) {
            // The last reference: unknown means we cannot tell, so dirty; known, its D bit says.
            dirty = sl1ma[page] == UNKNOWN || Pte.dirty(oldSl1e);
            sl1ma[page] = UNKNOWN;
        } else {
            dirty = true;
            if (sl1ma[page] == vpn) sl1ma[page] = UNKNOWN; // we remembered the one going away
        }
        if (dirty) {
            dirtyBitmap[page] = true;
            lastDirty = now.getAsLong();
        }
    }

    /** _sh_propagate: while write access is dropped, a write fault re-arms and a read fault builds a read-only entry. */
    @Override
    public boolean grantWrite(int vcpu, int page, boolean isWrite) {
        if (!loopSkipped()) return true;
        if (isWrite) lastDirty = now.getAsLong();
        return isWrite;
    }

    @Override
    public void rangeChanged() {
        sl1ma = null;
    }

    @Override
    public HarvestWalk begin(HarvestContext ctx, long startLseq, boolean forceFlush) {
        if (sl1ma == null) return arm(ctx, startLseq, forceFlush);
        if (lastDirty == CLEAN) {
            HarvestWalk w = HarvestWalk.immediate(ctx, startLseq, forceFlush, HarvestOutcome.BITMAP);
            if (version == Sl1maVersion.XEN_2008) {
                // "still completely clean, just copy our empty bitmap": copied, not cleared.
                for (int p = 0; p < dirtyBitmap.length; p++) if (dirtyBitmap[p]) w.report(p);
            }
            return w;
        }
        return harvest(ctx, startLseq, forceFlush);
    }

    /** First call: shadow_blow_tables (no hooks: tracking is not on yet), then allocate; no data this time. */
    private HarvestWalk arm(HarvestContext ctx, long startLseq, boolean forceFlush) {
        return new HarvestWalk(ctx, startLseq, forceFlush) {
            private int vpn;

            {
                outcome = HarvestOutcome.NO_DATA;
                DirtyVram.setAll(reported, pages);
                mustFlush = true;
            }

            @Override
            protected boolean advance() {
                int slots = ctx.vl().virtualPages();
                if (vpn < slots) {
                    ctx.shadow().destroyL1(vpn, vpn + 1, ctx.log());
                    vpn++;
                    if (vpn < slots) return true;
                }
                sl1ma = new int[pages];
                Arrays.fill(sl1ma, UNKNOWN);
                dirtyBitmap = new boolean[pages];
                lastDirty = version == Sl1maVersion.XEN_2008 ? now.getAsLong() : CLEAN;
                return false;
            }
        };
    }

    private HarvestWalk harvest(HarvestContext ctx, long startLseq, boolean forceFlush) {
        return new HarvestWalk(ctx, startLseq, forceFlush) {
            private int page;
            private boolean anyDirty;
            /** sh_remove_all_mappings of the current frame under way: its next slot, or -1. */
            private int removeSlot = -1;
            /** The drop phase: the next frame whose write access goes, or -1 before the loop is over. */
            private int dropPage = -1;
            private int dropSlot;

            @Override
            protected boolean advance() {
                if (removeSlot >= 0) {
                    if (scanSlot(page, removeSlot++, true)) mustFlush = true;
                    if (removeSlot < 2) return true;
                    removeSlot = -1;
                    return nextFrame(true);
                }
                if (dropPage >= 0) return dropStep();
                if (page >= pages) return finishLoop();
                framesLookedUp++;
                int count = ctx.shadow().writableCount(page);
                examinedLseq[page] = ctx.log().lastLseq();
                if (count == 0) return nextFrame(false);
                if (count > 1) return nextFrame(true);
                int s = sl1ma[page];
                if (s == UNKNOWN) {
                    // We don't know which sl1e maps it: dirty, and remove every mapping so that the next fault records one.
                    removeSlot = 0;
                    return true;
                }
                long read = ctx.mem().readSl1e(s, ctx.log());
                examinedLseq[page] = ctx.log().lastLseq();
                if (!Pte.dirty(read)) return nextFrame(false);
                // l1e_remove_flags: a plain store of the entry seen dirty (it may clobber an A bit set meanwhile).
                ctx.mem().writeBackSl1e(s, read & ~Pte.DIRTY, ctx.log());
                mustFlush = true;
                return nextFrame(true);
            }

            private boolean nextFrame(boolean dirty) {
                if (dirty) {
                    dirtyBitmap[page] = true;
                    if (version == Sl1maVersion.XEN_2008) lastDirty = now.getAsLong();
                    else anyDirty = true;
                }
                page++;
                return true;
            }

            /** Copy the bitmap out and clear it; after a long clean spell, drop write access. */
            private boolean finishLoop() {
                long t = now.getAsLong();
                if (anyDirty) lastDirty = t;
                for (int p = 0; p < pages; p++) {
                    if (dirtyBitmap[p]) report(p);
                    dirtyBitmap[p] = false;
                }
                if (lastDirty + ctx.cfg().sl1maIdleDropNs() >= t) return false;
                ctx.log().record(Op.WRITE_ACCESS_DROPPED, 0, 0, ctx.mem().tick());
                dropPage = 0;
                return true;
            }

            /** sh_remove_write_access, frame by frame; put hooks that fire meanwhile leave their bits for later. */
            private boolean dropStep() {
                if (dropPage >= pages) {
                    lastDirty = CLEAN;
                    return false;
                }
                if (scanSlot(dropPage, dropSlot++, false)) mustFlush = true;
                if (dropSlot == 2) {
                    dropSlot = 0;
                    dropPage++;
                }
                return true;
            }

            /**
             * One of the two slots that can map a page's frame (kernel, alias): read it, and if it maps the frame,
             * remove the mapping ({@code all}) or its write access, through shadowSetL1e. True when it changed one.
             */
            private boolean scanSlot(int p, int which, boolean all) {
                int vpn = which == 0 ? ctx.vl().kernelVpn(p) : ctx.vl().aliasVpn(p);
                long read = ctx.mem().readSl1e(vpn, ctx.log());
                if (!Pte.present(read) || Pte.mfn(read) != p2m.mfnOfLfbPage(p)) return false;
                if (all) {
                    setL1e(vpn, 0);
                } else if (Pte.writable(read)) {
                    setL1e(vpn, read & ~Pte.RW);
                } else {
                    return false;
                }
                return true;
            }
        };
    }
}
