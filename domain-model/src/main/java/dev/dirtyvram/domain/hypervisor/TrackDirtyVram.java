package dev.dirtyvram.domain.hypervisor;

import dev.dirtyvram.domain.strategy.HarvestReport;
import dev.dirtyvram.domain.strategy.HarvestWalk;
import java.util.function.IntConsumer;

/**
 * One harvest's hypervisor side, as every driver runs it: the hypercall entered under the shadow lock, the domain
 * paused when the strategy needs it, the walk one access per step, flushTlbMask when the walk asks, and the report
 * that releases the lock (the device model's redraw follows). A driver asks {@link #next()} what is due and does it:
 * {@code Domain} and the reference driver at once, the shadow-lock owner by messages (pause and IPI acknowledgements).
 */
public final class TrackDirtyVram {
    public enum Next {
        /** {@link #pauseDomain}, then {@link #paused} once every VCPU acknowledged. */
        PAUSE_DOMAIN,
        /** {@link #step}: one memory access of the walk. */
        WALK,
        /** The domain runs again before the flush (hap.flush-after-unpause): {@link #unpaused} once the VCPUs are told. */
        UNPAUSE_DOMAIN,
        /**
         * The lock is released before the flush (kvm.unlock-before-flush): {@link #unlocked}, then faults may be
         * handled until the report; the flush follows at once.
         */
        RELEASE_LOCK,
        /** {@link #flushTlbMask}, then {@link #flushed} once every VCPU acknowledged its IPI. */
        FLUSH_TLBS,
        /** {@link #report}: the lock is released and the device model gets its bitmap. */
        REPORT,
        DONE
    }

    private final Hypervisor hv;
    private final HarvestWalk walk;
    private boolean pauseDone;
    private boolean walkDone;
    private boolean unpauseDone;
    private boolean unlockDone;
    private boolean flushDone;
    private HarvestReport report;

    TrackDirtyVram(Hypervisor hv, HarvestWalk walk) {
        this.hv = hv;
        this.walk = walk;
    }

    public Next next() {
        if (walk.needsPause() && !pauseDone) return Next.PAUSE_DOMAIN;
        if (!walkDone) return Next.WALK;
        if (walk.needsPause() && walk.unpausesBeforeFlush() && !unpauseDone) return Next.UNPAUSE_DOMAIN;
        if (walk.needsFlush() && walk.unlocksBeforeFlush() && !unlockDone) return Next.RELEASE_LOCK;
        if (walk.needsFlush() && !flushDone) return Next.FLUSH_TLBS;
        return report == null ? Next.REPORT : Next.DONE;
    }

    /** domain_pause: {@code deliver} sends each VCPU its pause. */
    public void pauseDomain(IntConsumer deliver) {
        hv.pauseDomain(deliver);
    }

    public void paused() {
        pauseDone = true;
    }

    /** domain_unpause ahead of the flush: the VCPUs were told to run again. */
    public void unpaused() {
        unpauseDone = true;
    }

    /** The lock was released ahead of the flush: the driver now lets faults take it. */
    public void unlocked() {
        unlockDone = true;
    }

    /** One access of the walk; returns the frames it looked up in the p2m (sl1ma's per-frame work). */
    public int step() {
        // ASSERT: a paused scan starts only once every VCPU acknowledged its pause (domain_pause is synchronous).
        assert !walk.needsPause() || pauseDone : "harvest walks before the domain is paused";
        assert !walkDone : "harvest walk stepped after its end";
        int before = walk.framesLookedUp();
        walkDone = !walk.step();
        return walk.framesLookedUp() - before;
    }

    /** flushTlbMask(dirtyCpumask): {@code ipi} sends each VCPU its IPI. */
    public void flushTlbMask(IntConsumer ipi) {
        assert walkDone : "flushTlbMask before the walk is over";
        hv.flushTlbMask(ipi);
    }

    public void flushed() {
        flushDone = true;
    }

    /** Whether the domain is still paused for this harvest (and must be let run again once the lock is released). */
    public boolean pausedDomain() {
        return walk.needsPause() && !unpauseDone;
    }

    /** Release the lock and hand the device model its report. */
    public HarvestReport report() {
        // ASSERT: the report follows its walk, and its flush when one is due.
        assert walkDone && (!walk.needsFlush() || flushDone) : "harvest reported before its walk and flush";
        assert report == null : "harvest reported twice";
        report = hv.report(walk, flushDone);
        return report;
    }
}
