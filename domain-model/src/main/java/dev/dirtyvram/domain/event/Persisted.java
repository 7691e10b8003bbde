package dev.dirtyvram.domain.event;

/**
 * The one marker interface bound to the project's Kryo serializer: everything that goes to the journal (facts) or
 * the snapshot store (actor state).
 */
public interface Persisted {}
