package dev.dirtyvram.actors.tap;

import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.oracle.RunFold;
import java.util.List;

/**
 * Where the facts every actor persists go besides the journal, so that the live run folds its summary as it goes,
 * without reopening the journal and without keeping the facts; replay folds the journal itself and must agree.
 */
public interface FactTap {
    /** Actor {@code actor} starts handling a message: the facts it records from now on are its own until {@link #add}. */
    default void opened(int actor) { }

    /** One actor's facts of one message (possibly none), in its lseq order: the message is over. */
    void add(int actor, List<Fact> facts);

    /** An actor wrote one event to its journal. */
    void journaled();

    /** Journal events written so far. */
    long entries();

    /** Every fact folded in timeline order: the run's fold, with its summary and oracle (call once the run is over). */
    RunFold fold();
}
