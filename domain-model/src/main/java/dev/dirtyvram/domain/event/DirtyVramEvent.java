package dev.dirtyvram.domain.event;

/** The one marker interface of every persisted fact; the Kryo serializer is bound to it. */
public interface DirtyVramEvent {
    /** The linearisation number of the first fact inside. */
    long firstLseq();
}
