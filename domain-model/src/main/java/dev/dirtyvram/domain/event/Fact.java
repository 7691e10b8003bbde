package dev.dirtyvram.domain.event;

import dev.dirtyvram.domain.Serialized;

/** Persisted facts: a batch of elementary ops, or a completed harvest. */
public sealed interface Fact extends Serialized permits OpBatch, HarvestCompleted {
    /** The linearisation number of the first fact inside; facts of one actor come in this order. */
    long firstLseq();

    int actor();
}
