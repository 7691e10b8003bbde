package dev.dirtyvram.persistence;

/** Where an actor run's facts go: the embedded LevelDB journal in the run directory, PostgreSQL, or nowhere. */
public enum JournalKind {
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

    public static JournalKind parse(String s) {
        for (JournalKind j : values()) if (j.id.equals(s)) return j;
        throw new IllegalArgumentException("unknown journal '" + s + "' (leveldb, jdbc, off)");
    }
}
