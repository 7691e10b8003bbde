package dev.dirtyvram.domain.event;

/** Where facts go as they happen: a fold (reference driver), or an actor's batch buffer. */
public interface FactSink {
    void op(int actor, Op kind, int target, long value, long lseq, long time);

    void harvest(HarvestCompleted h);
}
