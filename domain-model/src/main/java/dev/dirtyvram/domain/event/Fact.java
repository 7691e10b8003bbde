package dev.dirtyvram.domain.event;

/** Persisted facts: a batch of elementary ops, or a completed harvest. */
public sealed interface Fact extends DirtyVramEvent permits OpBatch, HarvestCompleted {}
