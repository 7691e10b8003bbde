package dev.dirtyvram.persistence.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.journal.WriteBehindJournal;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
/** A run whose journal is in PostgreSQL: its events under run-scoped persistence ids, its row in the runs table. */
public final class JdbcRun implements StoredRun {
    private final JdbcSettings db;
    private final String runId;
    /** The configuration as read when opened (it is written once, before the run starts); null: read when asked. */
    private final String config;

    JdbcRun(JdbcSettings db, String runId) {
        this(db, runId, null);
    }

    private JdbcRun(JdbcSettings db, String runId, String config) {
        this.db = db;
        this.runId = runId;
        this.config = config;
    }

    /** Run {@code runId} as the database holds it; an unknown id or an unusable database is bad input. */
    public static JdbcRun open(JdbcSettings db, String runId) {
        String config = RunsTable.read(db, runId).config();
        // The id is taken before the configuration is stored: a process killed between the two left only the id.
        if (config.isBlank()) throw new BadInputException("run " + runId + " in " + db.url() + " was stopped before its configuration was stored");
        return new JdbcRun(db, runId, config);
    }

    /** Persistence ids are run-scoped in a shared journal: the run's id, a slash, the actor's name. */
    static String prefix(String runId) {
        return runId + "/";
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String where() {
        return "run " + runId + " in " + db.url();
    }

    @Override
    public String config() {
        return config != null ? config : RunsTable.read(db, runId).config();
    }

    @Override
    public Optional<String> summary() {
        return RunsTable.read(db, runId).summary();
    }

    private List<String> persistenceIds(List<String> actors) {
        return actors.stream().map(a -> prefix(runId) + a).toList();
    }

    @Override
    public boolean journalStarted() {
        return true; // an empty journal is told apart by its reading: no entries
    }

    void writeConfig(String hocon) {
        RunsTable.writeConfig(db, runId, hocon);
    }

    void writeSummary(String json) {
        RunsTable.writeSummary(db, runId, json);
    }

    /** Payload bytes the journal holds for the run. */
    long journalBytes(List<String> actors) {
        return RunsTable.journalBytes(db, persistenceIds(actors));
    }

    @Override
    public RunReader.Journal readJournal(List<String> actors, Config base) {
        // A database that refuses is one line here; the journal plugin's pool would only say so with a stack trace.
        try {
            db.connect().close();
        } catch (SQLException e) {
            throw new BadInputException("cannot use the database at " + db.url() + ": " + BadInputException.firstLine(e));
        }
        return RunReader.read(where(), systemConfig(base), "jdbc-read-journal", persistenceIds(actors));
    }

    /** Pekko's JDBC journal on this database, behind {@code journal} (a plugin id), with this run's persistence ids. */
    Config systemConfig(Config base, String journal) {
        return db.pekkoConfig()
                .withValue("pekko.persistence.journal.plugin", ConfigValueFactory.fromAnyRef(journal))
                .withValue(WriteBehindJournal.PLUGIN_ID + ".underlying", ConfigValueFactory.fromAnyRef("jdbc-journal"))
                .withValue("pekko.persistence.snapshot-store.plugin", ConfigValueFactory.fromAnyRef("jdbc-snapshot-store"))
                .withValue(PERSISTENCE_ID_PREFIX, ConfigValueFactory.fromAnyRef(prefix(runId)))
                .withFallback(base);
    }

    /** For reading the run back: Pekko's JDBC journal itself. */
    Config systemConfig(Config base) {
        return systemConfig(base, "jdbc-journal");
    }
}
