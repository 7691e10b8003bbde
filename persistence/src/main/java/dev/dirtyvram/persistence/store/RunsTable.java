package dev.dirtyvram.persistence.store;

import dev.dirtyvram.persistence.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
/**
 * The PostgreSQL side of runs with {@code journal = jdbc}: the program creates (or checks) the journal's tables and
 * the {@code dirtyvram_runs} table, reserves each run's id there before the run starts (so two members never take the
 * same one), and stores the run's resolved configuration and, at its end, its summary: what any machine needs to
 * replay, explain, export or shrink the run by its id.
 */
public final class RunsTable {
    static final String SCHEMA = "dirtyvram-postgres-schema.sql";
    /** Members that start together create the schema one at a time (any fixed key will do). */
    private static final long SCHEMA_LOCK = 0x64697274797672L;
    /** Databases whose schema this process has already checked. */
    private static final Set<String> READY = ConcurrentHashMap.newKeySet();

    /** PostgreSQL's SQLSTATE for a table that does not exist. */
    private static final String UNDEFINED_TABLE = "42P01";

    private RunsTable() {}

    /** Creates the tables that are missing and checks that those present are the ones the journal reads. */
    public static void ensureSchema(JdbcSettings db) {
        if (READY.contains(db.url())) return;
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
                for (String sql : schemaStatements()) st.execute(sql);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new BadInputException("cannot create the journal's tables in " + db.url() + ": " + BadInputException.firstLine(e));
            }
            try (Statement st = c.createStatement()) {
                st.executeQuery("SELECT ordering, persistence_id, sequence_number, deleted, writer, write_timestamp, adapter_manifest,"
                        + " event_ser_id, event_ser_manifest, event_payload, meta_ser_id, meta_ser_manifest, meta_payload FROM event_journal LIMIT 0").close();
                st.executeQuery("SELECT run_id, created, host, config, summary FROM dirtyvram_runs LIMIT 0").close();
            } catch (SQLException e) {
                throw new BadInputException("the database at " + db.url() + " has tables of another shape than dirtyvram's: " + BadInputException.firstLine(e));
            }
            c.commit();
        } catch (SQLException e) {
            throw new BadInputException("cannot use the database at " + db.url() + ": " + BadInputException.firstLine(e));
        }
        READY.add(db.url());
    }

    private static String[] schemaStatements() {
        try (InputStream in = RunsTable.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) throw new IllegalStateException(SCHEMA + " missing from the program");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            return Arrays.stream(text.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes {@code runId} (suffixed "-2", "-3"... when taken) for a new run, before its configuration is stored;
     * returns the id taken.
     */
    static String reserve(JdbcSettings db, String runId) {
        ensureSchema(db);
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO dirtyvram_runs(run_id, host, config) VALUES (?, ?, '') ON CONFLICT (run_id) DO NOTHING")) {
            String host = InetAddress.getLocalHost().getHostName();
            for (int i = 1; ; i++) {
                String id = i == 1 ? runId : runId + "-" + i;
                ps.setString(1, id);
                ps.setString(2, host);
                if (ps.executeUpdate() == 1) return id;
            }
        } catch (SQLException | UnknownHostException e) {
            throw new BadInputException("cannot store run " + runId + " in " + db.url() + ": " + BadInputException.firstLine(e));
        }
    }

    static void writeConfig(JdbcSettings db, String runId, String config) {
        update(db, runId, "config", config);
    }

    static void writeSummary(JdbcSettings db, String runId, String summary) {
        update(db, runId, "summary", summary);
    }

    private static void update(JdbcSettings db, String runId, String column, String value) {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("UPDATE dirtyvram_runs SET " + column + " = ? WHERE run_id = ?")) {
            ps.setString(1, value);
            ps.setString(2, runId);
            if (ps.executeUpdate() != 1) throw new BadInputException("run " + runId + " is missing from " + db.url());
        } catch (SQLException e) {
            throw new BadInputException("cannot store the " + column + " of run " + runId + " in " + db.url() + ": " + BadInputException.firstLine(e));
        }
    }

    /** A run's row: its configuration and its summary (empty while it runs, or when it never finished). */
    record Row(String config, Optional<String> summary) {}

    /** A reader checks, and creates nothing: a database without the runs table holds no run. */
    static Row read(JdbcSettings db, String runId) {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT config, summary FROM dirtyvram_runs WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new BadInputException("no run " + runId + " in " + db.url());
                return new Row(rs.getString(1), Optional.ofNullable(rs.getString(2)));
            }
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) throw new BadInputException("the database at " + db.url() + " holds no dirtyvram runs");
            throw new BadInputException("cannot read run " + runId + " from " + db.url() + ": " + BadInputException.firstLine(e));
        }
    }

    /** Payload bytes of the events of these persistence ids. */
    static long journalBytes(JdbcSettings db, List<String> persistenceIds) {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(octet_length(event_payload)), 0) FROM event_journal WHERE persistence_id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("varchar", persistenceIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new BadInputException("cannot read the journal in " + db.url() + ": " + BadInputException.firstLine(e));
        }
    }
}
