package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.event.DirtyVram;
import dev.dirtyvram.domain.memory.Pte;
import java.util.Arrays;
/**
 * Log-dirty by write protection (KVM's classic way): LFB sl1es are read-only until the first store of the
 * interval faults; the fault logs the page and restores RW. A harvest copies and clears the log, then clears RW in
 * every sl1e of the logged pages (and flushes, a knob: without it cached RW entries store unlogged).
 */
public final class LogDirtyWp extends RestartsAfterRangeChange {
    private final boolean[] logged;

    LogDirtyWp(int pages) {
        this.logged = new boolean[pages];
    }

    @Override
    public StrategyId id() { return StrategyId.LOGDIRTY_WP; }

    @Override
    public boolean grantWrite(int vcpu, int page, boolean isWrite) {
        if (isWrite) logged[page] = true;
        return logged[page];
    }

    @Override
    protected HarvestWalk walk(HarvestContext ctx, long startLseq, boolean forceFlush) {
        return new HarvestWalk(ctx, startLseq, forceFlush) {
            private final int[] slots = copyAndClearLog(ctx, reported);
            private int i;
            private long read = -1;

            /** Re-protect each logged page's writable sl1es: read the entry, then store it without RW. */
            @Override
            protected boolean advance() {
                if (i >= slots.length) return false;
                int vpn = slots[i];
                if (read < 0) {
                    read = ctx.mem().readSl1e(vpn, ctx.log());
                    if (!Pte.present(read) || !Pte.writable(read)) {
                        read = -1;
                        i++;
                    }
                } else {
                    setL1e(vpn, read & ~Pte.RW);
                    cleared = true;
                    read = -1;
                    i++;
                }
                return i < slots.length;
            }
        };
    }

    /** Copy and clear the log at the harvest's start (every page examined at that instant); list the sl1es to re-protect. */
    private int[] copyAndClearLog(HarvestContext c, long[] reported) {
        int n = 0;
        int[] vpns = new int[logged.length * 2];
        for (int p = 0; p < logged.length; p++) {
            if (!logged[p]) continue;
            logged[p] = false;
            DirtyVram.set(reported, p);
            vpns[n++] = c.vl().kernelVpn(p);
            vpns[n++] = c.vl().aliasVpn(p);
        }
        return Arrays.copyOf(vpns, n);
    }
}
