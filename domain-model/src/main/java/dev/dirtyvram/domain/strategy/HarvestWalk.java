package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.event.DirtyVram;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.memory.Pte;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One trackDirtyVram call, run under the shadow lock one memory access per {@link #step} so that hardware
 * accesses (and, in the actors, other messages) interleave with it as they would with a real walk.
 */
public abstract class HarvestWalk {
    protected final HarvestContext ctx;
    protected final int pages;
    protected final long[] reported;
    protected final long[] examinedLseq;
    protected HarvestOutcome outcome = HarvestOutcome.BITMAP;
    /** Some D bit (or RW bit) was cleared: cached entries may now be stale. */
    protected boolean cleared;
    /** Mappings were removed or write access dropped: the flush is not optional. */
    protected boolean mustFlush;
    /** Frames whose p2m entry and type the walk looked up (sl1ma's per-frame cost). */
    protected int framesLookedUp;
    private final boolean forceFlush;
    /** Accesses already decided on: the second halves of shadowSetL1e calls. */
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();

    protected HarvestWalk(HarvestContext ctx, long startLseq, boolean forceFlush) {
        this.ctx = ctx;
        this.pages = ctx.cfg().lfbPages();
        this.reported = DirtyVram.bitmap(pages);
        this.examinedLseq = new long[pages];
        Arrays.fill(examinedLseq, startLseq);
        this.forceFlush = forceFlush;
    }

    /** Performs the next access; false once the walk is over. */
    public final boolean step() {
        Runnable next = queued.poll();
        if (next != null) {
            next.run();
            return true;
        }
        return advance() || !queued.isEmpty();
    }

    /** The strategy's next access (or decision); false once it has nothing left to do. */
    protected abstract boolean advance();

    /** shadowSetL1e at access granularity: its first access now, the rest as the walk's next step. */
    protected void setL1e(int vpn, long sl1e) {
        Runnable rest = ctx.shadow().beginSetL1e(vpn, sl1e, ctx.log());
        if (rest != null) queued.add(rest);
    }

    /** dbit-paused: every VCPU must be paused (and have acknowledged) before the first step. */
    public boolean needsPause() {
        return false;
    }

    /** A paused harvest that lets the domain run again before its flush (hap.flush-after-unpause). */
    public boolean unpausesBeforeFlush() {
        return false;
    }

    /**
     * A harvest that releases the lock before its flush (kvm.unlock-before-flush): faults run while the flush's IPIs
     * travel, and may find pages read-only that some VCPU can still write through its TLB.
     */
    public boolean unlocksBeforeFlush() {
        return false;
    }

    /** flushTlbMask after the walk: what the strategy does, or always for the quiesce protocol's final harvest. */
    public boolean needsFlush() {
        return forceFlush || mustFlush || (cleared && ctx.cfg().flushAfterClear());
    }

    public HarvestOutcome outcome() { return outcome; }

    public long[] reported() { return reported; }

    public long[] examinedLseq() { return examinedLseq; }

    public int framesLookedUp() { return framesLookedUp; }

    protected void report(int page) {
        DirtyVram.set(reported, page);
    }

    /** Clear D in a word just read, as the configuration says: one locked op, or a plain store of the copy. */
    protected void clearDirty(int vpn, long read) {
        if (ctx.cfg().atomicClear()) {
            ctx.mem().testAndClearDirty(vpn, ctx.log());
        } else {
            ctx.mem().writeBackSl1e(vpn, read & ~Pte.DIRTY, ctx.log());
        }
        cleared = true;
    }

    /** A walk that does nothing but return an outcome (no data, or memcmp). */
    static HarvestWalk immediate(HarvestContext ctx, long startLseq, boolean forceFlush, HarvestOutcome outcome) {
        HarvestWalk w = new HarvestWalk(ctx, startLseq, forceFlush) {
            @Override
            protected boolean advance() {
                return false;
            }
        };
        w.outcome = outcome;
        if (outcome == HarvestOutcome.NO_DATA) DirtyVram.setAll(w.reported, w.pages);
        return w;
    }
}
