package dev.dirtyvram.persistence.store;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;

/**
 * A run as it is kept, for reading it back: a run directory (the embedded journal in it, or its journal in
 * PostgreSQL), or a run found by its id in PostgreSQL's runs table from any machine.
 */
public interface StoredRun {
    /** The Pekko configuration key a run's actors read their persistence ids' prefix from. */
    String PERSISTENCE_ID_PREFIX = "dirtyvram.persistence-id-prefix";

    String runId();

    /** Where the run is, for messages: its directory, or its id and database. */
    String where();

    /** The resolved configuration, as HOCON. */
    String config();

    /** The summary written at its end; empty when it did not finish. */
    Optional<String> summary();

    /** Whether its journal holds anything (a run killed before its first write leaves nothing to judge). */
    boolean journalStarted();

    /** Every actor's facts, each in its persisted order; {@code actors} are the actors' names. */
    RunReader.Journal readJournal(List<String> actors, Config base);
}
