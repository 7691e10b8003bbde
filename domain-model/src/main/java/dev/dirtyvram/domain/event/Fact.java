package dev.dirtyvram.domain.event;


import java.util.List;
/** What happened: a batch of elementary ops, or a completed harvest. Journaled in {@link FactBlock}s. */
public sealed interface Fact extends Journaled permits OpBatch, HarvestCompleted {
    /** The linearisation number of the first fact inside; facts of one actor come in this order. */
    long firstLseq();

    int actor();

    /** A fact read from a journal of format 1 is an event of its own. */
    @Override
    default List<Fact> facts() {
        return List.of(this);
    }
}
