package dev.dirtyvram.domain;

/**
 * The one marker interface bound to the project's Kryo serializer: everything that leaves a JVM. That is what goes
 * to the journal (facts) or the snapshot store (actor state), and what the members of a cluster send each other
 * (run assignments and their results).
 */
public interface Serialized {}
