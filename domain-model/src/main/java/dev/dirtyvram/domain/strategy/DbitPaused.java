package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.memory.Pte;

/**
 * Pause the domain, scan the D bits of every sl1e, and turn a dirty entry's mfn into a page index as
 * {@code mfn - first_mfn}, reversed when the frames were handed out backwards. That assumes the LFB's frames are
 * contiguous: with any other layout it reports the wrong pages (and misses the right ones).
 */
public final class DbitPaused extends RestartsAfterRangeChange {

    @Override
    public StrategyId id() { return StrategyId.DBIT_PAUSED; }

    @Override
    protected HarvestWalk walk(HarvestContext ctx, long startLseq, boolean forceFlush) {
        P2m p2m = ctx.p2m();
        int n = ctx.cfg().lfbPages();
        int first = p2m.gfnToMfn(P2m.lfbGfn(0));
        // The debug allocator's case: the last page's frame below the first's means the frames run backwards.
        boolean backwards = p2m.gfnToMfn(P2m.lfbGfn(n - 1)) < first;
        return new HarvestWalk(ctx, startLseq, forceFlush) {
            private int vpn;
            private long read = -1;

            @Override
            public boolean needsPause() {
                return true;
            }

            @Override
            protected boolean advance() {
                int slots = ctx.vl().virtualPages();
                if (vpn >= slots) return false;
                if (read < 0) {
                    read = ctx.mem().readSl1e(vpn, ctx.log());
                    int truePage = p2m.lfbPageOfMfn(Pte.mfn(read));
                    if (Pte.present(read) && truePage >= 0) examinedLseq[truePage] = ctx.log().lastLseq();
                    if (!Pte.present(read) || !Pte.dirty(read)) {
                        read = -1;
                        vpn++;
                    }
                } else {
                    int mfn = Pte.mfn(read);
                    int index = backwards ? first - mfn : mfn - first;
                    if (index >= 0 && index < pages) report(index);
                    clearDirty(vpn, read);
                    read = -1;
                    vpn++;
                }
                return vpn < slots;
            }
        };
    }
}
