package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.store.JdbcSettings;
import dev.dirtyvram.simulations.cli.ExitStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
/**
 * The journal in a real PostgreSQL server ({@link TestPostgres}): the program creates the schema on an empty
 * database, a run stored there replays, verifies, explains and exports by its id exactly like a run in the embedded
 * journal (same digest), two processes write runs at once, and a database that cannot be used is one line, exit 2.
 */
class PostgresJournalTest {
    static {
        LoggerFactory.getLogger(PostgresJournalTest.class); // logging set up before any actor system
    }

    @TempDir
    Path out;

    /** The options that put a run's journal in {@code url}. */
    static List<String> jdbc(String url) throws Exception {
        return List.of("--set", "journal=jdbc", "--set", "jdbc.url=\"" + url + "\"", "--set", "jdbc.user=" + TestPostgres.user(),
                "--set", "jdbc.password-file=\"" + TestPostgres.passwordFile() + "\"");
    }

    /** A reading {@code command} (replay, explain...) of run {@code id} in {@code url}, with {@code more} options. */
    static Cli byId(String command, String id, String url, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(command, id, "--jdbc-url", url, "--jdbc-user", TestPostgres.user(),
                "--jdbc-password-file", TestPostgres.passwordFile().toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static Cli run(Path out, String url, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--mode", "deterministic", "--duration", "200ms", "--out", out.toString(), "--json"));
        args.addAll(jdbc(url));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection c = JdbcSettings.of(url, TestPostgres.user(), TestPostgres.passwordFile().toString()).connect();
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRunStoredInPostgresReplaysByItsIdLikeAnEmbeddedOne() throws Exception {
        String url = TestPostgres.freshDatabase();
        assertEquals(0, count(url, "SELECT count(*) FROM pg_tables WHERE tablename IN ('event_journal', 'dirtyvram_runs')"), "an empty database");

        Cli stored = run(out.resolve("pg"), url);
        assertEquals(ExitStatus.OK.code, stored.code(), stored.err());
        Config live = ConfigFactory.parseString(stored.out());
        String id = live.getString("runId");
        assertEquals(2, count(url, "SELECT count(*) FROM pg_tables WHERE tablename IN ('event_journal', 'dirtyvram_runs')"), "schema created");
        long events = count(url, "SELECT count(*) FROM event_journal WHERE persistence_id LIKE '" + id + "/%'");
        assertEquals(live.getLong("eventsPersisted"), events, "every event under the run's own persistence ids");
        assertEquals(1, count(url, "SELECT count(*) FROM dirtyvram_runs WHERE run_id = '" + id + "' AND summary IS NOT NULL"));

        // The same run on the embedded journal: the Kryo events are the same, so is the timeline.
        Cli embedded = Cli.run("run", "--mode", "deterministic", "--duration", "200ms", "--out", out.resolve("leveldb").toString(), "--json");
        assertEquals(ExitStatus.OK.code, embedded.code(), embedded.err());
        assertEquals(ConfigFactory.parseString(embedded.out()).getString("digest"), live.getString("digest"));

        // From its id alone (no run directory), as any machine would.
        Cli verified = byId("replay", id, url, "--verify", "--json");
        assertEquals(ExitStatus.OK.code, verified.code(), verified.err());
        assertEquals(live.getString("digest"), ConfigFactory.parseString(verified.out()).getString("digest"));
        assertTrue(verified.err().contains("verified"), verified.err());

        Cli explained = byId("explain", id, url, "--page", "3");
        assertEquals(ExitStatus.OK.code, explained.code(), explained.err());
        assertTrue(explained.out().contains("page 3 of " + id), explained.out());

        Path jsonl = out.resolve("timeline.jsonl");
        Cli exported = byId("export", id, url, "--format", "jsonl", "-o", jsonl.toString());
        assertEquals(ExitStatus.OK.code, exported.code(), exported.err());
        assertEquals(live.getLong("facts"), Files.readAllLines(jsonl, StandardCharsets.UTF_8).size(), "one line per fact");

        Cli missing = byId("replay", "no-such-run", url);
        assertEquals(ExitStatus.BAD_INPUT.code, missing.code());
        assertEquals("dirtyvram: no run no-such-run in " + url, missing.err().strip());

        // Its run directory points at the database: replaying it reads the same journal.
        Path dir = out.resolve("pg").resolve(id);
        Cli fromDir = Cli.run("replay", dir.toString(), "--verify");
        assertEquals(ExitStatus.OK.code, fromDir.code(), fromDir.err());
        // ... and with a password the database refuses, says so in one line.
        Path wrong = out.resolve("wrong-password");
        Files.writeString(wrong, "not-the-password\n");
        Path conf = dir.resolve("config.conf");
        Files.writeString(conf, Files.readString(conf).replace(TestPostgres.passwordFile().toString(), wrong.toString()));
        Cli refused = Cli.run("replay", dir.toString());
        assertEquals(ExitStatus.BAD_INPUT.code, refused.code(), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains("password authentication failed"), refused.err());
    }

    @Test
    void aFailingRunStoredInPostgresShrinksByItsIdIntoPostgres() throws Exception {
        String url = TestPostgres.freshDatabase();
        Cli failing = run(out.resolve("runs"), url, "--scenario", "svm-no-flush");
        String id = ConfigFactory.parseString(failing.out()).getString("runId");
        assertTrue(ConfigFactory.parseString(failing.out()).getLong("lostUpdates") > 0, failing.out());
        Cli shrunk = byId("shrink", id, url, "--time", "60s", "--out", out.resolve("shrunk").toString(), "--json");
        assertEquals(ExitStatus.OK.code, shrunk.code(), shrunk.err());
        Config result = ConfigFactory.parseString(shrunk.out());
        assertEquals("stale-d-entry", result.getString("cause"));
        // The smallest run is journaled where the original was: its directory replays from PostgreSQL.
        Cli verified = Cli.run("replay", result.getString("runDir"), "--verify");
        assertEquals(ExitStatus.OK.code, verified.code(), verified.err());
        assertEquals(2, count(url, "SELECT count(*) FROM dirtyvram_runs WHERE summary IS NOT NULL"), "the original and the shrunk run");
    }

    @Test
    void twoProcessesWriteRunsAtOnceEachUnderItsOwnId() throws Exception {
        String url = TestPostgres.freshDatabase();
        List<Process> members = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> args = new ArrayList<>(List.of("run", "--mode", "deterministic", "--duration", "300ms",
                    "--out", out.resolve("m" + i).toString(), "--json"));
            args.addAll(jdbc(url));
            members.add(CrashSafetyTest.child(out, "m" + i + ".log", args.toArray(String[]::new)));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            assertTrue(members.get(i).waitFor(3, TimeUnit.MINUTES));
            String log = Files.readString(out.resolve("m" + i + ".log"));
            assertEquals(ExitStatus.OK.code, members.get(i).exitValue(), log);
            ids.add(ConfigFactory.parseString(log.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow()).getString("runId"));
        }
        assertNotEquals(ids.get(0), ids.get(1), "the same scenario, seed and second: the second member took a suffixed id");
        for (String id : ids) {
            Cli r = byId("replay", id, url, "--verify");
            assertEquals(ExitStatus.OK.code, r.code(), id + ": " + r.err());
        }
        assertEquals(2, count(url, "SELECT count(*) FROM dirtyvram_runs WHERE summary IS NOT NULL"));
    }

    @Test
    void aDatabaseThatCannotBeUsedIsOneLineAndExitTwo() throws Exception {
        String url = TestPostgres.freshDatabase();
        String closedPort = "jdbc:postgresql://127.0.0.1:1/dirtyvram";
        Cli refused = run(out, closedPort);
        assertEquals(ExitStatus.BAD_INPUT.code, refused.code());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().startsWith("dirtyvram: cannot use the database at " + closedPort), refused.err());

        Path wrong = out.resolve("wrong-password");
        Files.createDirectories(out);
        Files.writeString(wrong, "not-the-password\n");
        Cli login = Cli.run("run", "--mode", "deterministic", "--duration", "200ms", "--out", out.toString(), "--set", "journal=jdbc",
                "--set", "jdbc.url=\"" + url + "\"", "--set", "jdbc.user=" + TestPostgres.user(), "--set", "jdbc.password-file=\"" + wrong + "\"");
        assertEquals(ExitStatus.BAD_INPUT.code, login.code());
        assertTrue(login.err().contains("password authentication failed"), login.err());

        Cli notPostgres = run(out, "jdbc:mysql://127.0.0.1/dirtyvram");
        assertEquals(ExitStatus.BAD_INPUT.code, notPostgres.code());
        assertTrue(notPostgres.err().contains("must be a PostgreSQL URL"), notPostgres.err());

        Cli missing = byId("replay", "no-such-run", url);
        assertEquals(ExitStatus.BAD_INPUT.code, missing.code());
        assertEquals("dirtyvram: the database at " + url + " holds no dirtyvram runs", missing.err().strip(), "a reader creates no tables");
        try (var left = Files.list(out)) {
            assertEquals(List.of("wrong-password"), left.map(p -> p.getFileName().toString()).toList(), "no run directory made by a refused run");
        }
    }
}
