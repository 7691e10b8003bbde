package dev.dirtyvram.domain.event;

/**
 * One harvest and the redraw that followed, as the device model saw it. {@code reported} is the {@link DirtyVram}
 * bitmap (one bit per LFB page) of the pages the harvest said changed; {@code examinedLseq[p]} is the number of the access at which
 * the harvest looked at page p, which the oracle's late-report rule needs.
 */
public record HarvestCompleted(int actor, long lseq, long time, int harvestId, HarvestOutcome outcome,
                               long[] reported, long[] examinedLseq, boolean flushed, boolean paused)
        implements Fact {

    /** Whether the harvest reported {@code page} ({@link DirtyVram}'s bit). */
    public boolean reported(int page) {
        return DirtyVram.isSet(reported, page);
    }

    public int reportedCount() {
        return DirtyVram.count(reported);
    }

    @Override
    public long firstLseq() {
        return lseq;
    }
}
