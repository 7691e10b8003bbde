package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.config.CountPolicy;
import dev.dirtyvram.domain.config.LinearWalkHooks;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.memory.Pte;
import java.util.Arrays;
/**
 * No pause: under the shadow lock, read the sl1e of each page of the LFB's virtual range through the shadow linear
 * page table and test-and-clear D. Back off to memcmp when an entry maps the wrong frame or the walk faults (range
 * read-only at a higher level); a frame with writable count > 1 makes it give up or assume dirty. The bitmap bit is
 * set when a shadow mapping of an LFB frame is made or cleared: in shadowSetL1e as the proposal has it, and in the L1
 * shadow teardown only with {@code harvest.linear-walk-hooks = set-l1e-and-destroy} (Xen's sh_destroy_l1_shadow
 * bypasses shadowSetL1e, so a literal implementation misses it). The count is the writable type count (writable
 * shadow mappings). TLBs are flushed after clearing: without that, a store through an entry that cached D=1 sets no
 * D bit (lost update on tagged TLBs).
 */
public final class LinearWalk extends RestartsAfterRangeChange {
    private final P2m p2m;
    private final LinearWalkHooks hooks;
    private final boolean[] hookDirty;

    LinearWalk(P2m p2m, LinearWalkHooks hooks) {
        this.p2m = p2m;
        this.hooks = hooks;
        this.hookDirty = new boolean[p2m.lfbPages()];
    }

    @Override
    public StrategyId id() { return StrategyId.LINEAR_WALK; }

    @Override
    public void getL1e(int vpn, long newSl1e, int writableCount) {
        markIfLfb(newSl1e);
    }

    @Override
    public void putL1e(int vpn, long oldSl1e, int writableCount, boolean teardown) {
        if (!teardown || hooks == LinearWalkHooks.SET_L1E_AND_DESTROY) markIfLfb(oldSl1e);
    }

    private void markIfLfb(long sl1e) {
        if (!Pte.present(sl1e)) return;
        int page = p2m.lfbPageOfMfn(Pte.mfn(sl1e));
        if (page >= 0) hookDirty[page] = true;
    }

    @Override
    protected void restarted() {
        Arrays.fill(hookDirty, false);
    }

    @Override
    protected HarvestWalk walk(HarvestContext ctx, long startLseq, boolean forceFlush) {
        return new HarvestWalk(ctx, startLseq, forceFlush) {
            private int page;
            private long read = -1;

            {
                for (int p = 0; p < pages; p++) {
                    if (hookDirty[p]) report(p);
                    hookDirty[p] = false;
                }
            }

            @Override
            protected boolean advance() {
                if (page >= pages || outcome == HarvestOutcome.FALLBACK) return false;
                int vpn = ctx.vl().kernelVpn(page);
                if (read < 0) {
                    if (ctx.mem().lfbRangeReadOnly()) return backOff();
                    read = ctx.mem().readSl1e(vpn, ctx.log());
                    examinedLseq[page] = ctx.log().lastLseq();
                    if (!Pte.present(read)) return next();
                    if (Pte.mfn(read) != ctx.p2m().mfnOfLfbPage(page)) return backOff();
                    if (ctx.shadow().writableCount(page) > 1) {
                        if (ctx.cfg().countPolicy() == CountPolicy.GIVE_UP) return backOff();
                        report(page);
                    }
                    if (Pte.dirty(read)) {
                        report(page);
                        return true; // the clear is the next access
                    }
                    if (!ctx.cfg().atomicClear()) return true; // a plain read-modify-write stores every entry back
                    return next();
                }
                if (Pte.dirty(read)) {
                    clearDirty(vpn, read);
                } else {
                    ctx.mem().writeBackSl1e(vpn, read, ctx.log()); // non-atomic only: the store of a clean copy
                }
                return next();
            }

            private boolean next() {
                read = -1;
                page++;
                return page < pages;
            }

            private boolean backOff() {
                outcome = HarvestOutcome.FALLBACK;
                return false;
            }
        };
    }
}
