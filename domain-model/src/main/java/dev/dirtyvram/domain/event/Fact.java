package dev.dirtyvram.domain.event;


import java.util.List;
/** What happened: a batch of elementary ops, or a completed harvest. Journaled in {@link FactBlock}s. */
public sealed interface Fact extends Journaled permits OpBatch, HarvestCompleted {
    /** The linearisation number of the first fact inside; facts of one actor come in this order. */
    long firstLseq();

    int actor();

    /** Elementary facts inside: a completed harvest counts one. */
    default int ops() {
        return 1;
    }

    /** Elementary facts in {@code facts}: what the hand-overs and the journal's batches are measured in. */
    static long ops(List<? extends Fact> facts) {
        long n = 0;
        for (Fact f : facts) n += f.ops();
        return n;
    }

    /** A fact read from a journal of format 1 is an event of its own. */
    @Override
    default List<Fact> facts() {
        return List.of(this);
    }
}
