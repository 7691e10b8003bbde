package dev.dirtyvram.actors;

import dev.dirtyvram.domain.oracle.RunFold;

import dev.dirtyvram.domain.event.Fact;
import java.util.List;

/**
 * Where the facts every actor persists go besides the journal, so that the live run folds its summary without
 * reopening the journal; replay folds the journal itself and must agree.
 */
public interface FactTap {
    /** One actor's facts of one message, in its lseq order. */
    void add(int actor, List<Fact> facts);

    /** Journal entries seen so far. */
    long entries();

    /** Every fact folded in timeline order: the run's fold, with its summary and oracle (call once the run is over). */
    RunFold fold();
}
