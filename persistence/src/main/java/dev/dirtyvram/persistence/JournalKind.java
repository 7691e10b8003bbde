package dev.dirtyvram.persistence;

import dev.dirtyvram.domain.KnobValue;

/** Where an actor run's facts go: the embedded LevelDB journal in the run directory, PostgreSQL, or nowhere. */
public enum JournalKind implements KnobValue {
    /** Embedded, no server: replay, explain and export read it back. */
    LEVELDB("leveldb"),
    /** PostgreSQL through Pekko's JDBC journal, shared by every member of a cluster: any machine reads a run back. */
    JDBC("jdbc"),
    /** Writes accepted and dropped: for runs whose summary is all that is wanted (replay is impossible). */
    OFF("off");

    public final String id;

    JournalKind(String id) {
        this.id = id;
    }

    @Override
    public String id() { return id; }

    public static JournalKind parse(String s) {
        return KnobValue.parse(JournalKind.class, "journal", s);
    }
}
