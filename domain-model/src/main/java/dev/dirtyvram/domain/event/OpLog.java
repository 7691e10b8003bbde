package dev.dirtyvram.domain.event;

import java.util.function.LongSupplier;

/** One actor's pen: stamps each fact with the actor's id and clock and hands it to a sink. Single-threaded. */
public final class OpLog {
    private final int actor;
    private final LongSupplier clock;
    private final FactSink sink;
    private long lastLseq;

    public OpLog(int actor, LongSupplier clock, FactSink sink) {
        this.actor = actor;
        this.clock = clock;
        this.sink = sink;
    }

    public int actor() { return actor; }

    public long now() { return clock.getAsLong(); }

    public FactSink sink() { return sink; }

    /** The number of the last fact this pen recorded (the access just made). */
    public long lastLseq() { return lastLseq; }

    public void record(Op kind, int target, long value, long lseq) {
        assert lseq > lastLseq : "actor " + actor + "'s lseq " + lseq + " after " + lastLseq;
        lastLseq = lseq;
        sink.op(actor, kind, target, value, lseq, clock.getAsLong());
    }
}
