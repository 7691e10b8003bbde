package dev.dirtyvram.domain.event;

/** Where facts go as they happen: a fold (reference driver), or an actor's batch buffer. */
public interface FactSink {
    void op(int actor, Op kind, int target, long value, long lseq, long time);

    void harvest(HarvestCompleted h);

    /** Both sinks, {@code a} first; {@code b} may be null. */
    static FactSink tee(FactSink a, FactSink b) {
        if (b == null) return a;
        return new FactSink() {
            @Override
            public void op(int actor, Op kind, int target, long value, long lseq, long time) {
                a.op(actor, kind, target, value, lseq, time);
                b.op(actor, kind, target, value, lseq, time);
            }

            @Override
            public void harvest(HarvestCompleted h) {
                a.harvest(h);
                b.harvest(h);
            }
        };
    }
}
