package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.event.HarvestOutcome;

/** What trackDirtyVram hands the device model once the walk (and any flush) is over. */
public record HarvestReport(int harvestId, HarvestOutcome outcome, long[] reported, long[] examinedLseq,
                            boolean flushed, boolean paused) {

    public static HarvestReport of(int harvestId, HarvestWalk w, boolean flushed) {
        return new HarvestReport(harvestId, w.outcome(), w.reported(), w.examinedLseq(), flushed, w.needsPause());
    }
}
