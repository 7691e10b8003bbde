package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
/**
 * A cluster of three `dirtyvram node` members, each its own JVM on 127.0.0.1, with this JVM as the coordinator: a
 * sweep split over them gives the local sweep's rows (same digests) even with a member killed (SIGKILL) mid-run; a
 * hunt finds what the local hunt finds; runs journaled in a shared PostgreSQL are replayed from this process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTest {
    static {
        LoggerFactory.getLogger(ClusterTest.class); // logging set up before any actor system
    }

    @TempDir
    static Path dir;

    private final List<Process> members = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private String seed;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A node in its own JVM; returns once it says it is up. */
    static Process node(Path dir, String name, List<String> args, Path log) throws Exception {
        Process p = CrashSafetyTest.child(dir, log.getFileName().toString(), args.toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("is up")) return p;
            if (!p.isAlive()) throw new AssertionError(name + " ended: " + Files.readString(log));
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError(name + " did not come up: " + Files.readString(log));
    }

    @BeforeAll
    void startThreeMembers() throws Exception {
        int first = freePort();
        seed = "127.0.0.1:" + first;
        for (int i = 0; i < 3; i++) {
            Path log = dir.resolve("member" + i + ".log");
            List<String> args = new ArrayList<>(List.of("node", "--port", Integer.toString(i == 0 ? first : 0), "--jobs", "1",
                    "--out", dir.resolve("member" + i).toString()));
            if (i > 0) args.addAll(List.of("--seed-nodes", seed));
            members.add(node(dir, "member " + i, args, log));
            logs.add(log);
        }
    }

    @AfterAll
    void stopMembers() {
        members.forEach(Process::destroyForcibly);
    }

    private static List<CSVRecord> rows(Path out) throws IOException {
        Path sweep;
        try (var s = Files.list(out)) {
            sweep = s.filter(p -> p.getFileName().toString().startsWith("sweep-")).findFirst().orElseThrow();
        }
        try (Reader r = Files.newBufferedReader(sweep.resolve("sweep.csv"))) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    private static final List<String> GRID = List.of("--vary", "interval=10ms,30ms,50ms", "--vary", "strategy=linear-walk,sl1ma",
            "--seeds", "2", "--duration", "300ms");

    @Test
    void aSweepOverThreeMembersGivesTheLocalRowsEvenWithOneKilledMidRun() throws Exception {
        Cli local = Cli.run(concat(List.of("sweep", "--out", dir.resolve("local").toString(), "--json"), GRID));
        assertEquals(ExitStatus.OK.code, local.code(), local.err());

        // The last member is killed as soon as it has begun a run: that run must be made again by another.
        Process victim = members.get(2);
        int before = Files.readString(logs.get(2)).length(); // what it logged for other tests
        Thread killer = new Thread(() -> {
            try {
                while (!Files.readString(logs.get(2)).substring(before).contains(" for pekko://")) Thread.sleep(20);
                victim.destroyForcibly();
            } catch (Exception e) {
                // the test's assertions tell
            }
        });
        killer.setDaemon(true);
        killer.start();
        Cli spread = Cli.run(concat(List.of("sweep", "--cluster", seed, "--out", dir.resolve("cluster").toString(), "--json"), GRID));
        killer.join(60_000);
        assertEquals(ExitStatus.OK.code, spread.code(), spread.err());
        assertFalse(victim.isAlive(), "a member was killed mid-sweep");
        String sweepLog = Files.readString(logs.get(2)).substring(before);
        Matcher begun = Pattern.compile("run (\\d+) for pekko://").matcher(sweepLog);
        assertTrue(begun.find(), sweepLog);
        assertFalse(sweepLog.contains("run " + begun.group(1) + " done"), "killed before it finished its run: " + sweepLog);
        assertTrue(spread.err().contains("run " + begun.group(1) + " was on"), "the coordinator gave the lost run to another member: " + spread.err());

        Config result = ConfigFactory.parseString(spread.out());
        assertEquals(12, result.getInt("runsPlanned"));
        assertEquals(12, result.getInt("runsDone"), "every point exactly once");
        List<CSVRecord> here = rows(dir.resolve("local"));
        List<CSVRecord> there = rows(dir.resolve("cluster"));
        assertEquals(here.size(), there.size());
        for (int i = 0; i < here.size(); i++) {
            for (String column : here.get(i).toMap().keySet()) {
                if (!column.equals("runId")) assertEquals(here.get(i).get(column), there.get(i).get(column), "row " + i + ", " + column);
            }
        }
    }

    /** In both seeded modes: a member makes its deterministic runs in one actor system per worker, as a local hunt does. */
    @ParameterizedTest
    @ValueSource(strings = {"reference", "deterministic"})
    void aHuntOverTheMembersFindsWhatTheLocalHuntFinds(String mode) throws Exception {
        List<String> hunt = List.of("hunt", "--swarm", "off", "--mode", mode, "--scenario", "svm-no-flush", "--runs", "6",
                "--set", "duration=150ms", "--json");
        Cli local = Cli.run(concat(hunt, List.of("--out", dir.resolve("hunt-local-" + mode).toString())));
        Cli spread = Cli.run(concat(hunt, List.of("--out", dir.resolve("hunt-cluster-" + mode).toString(), "--cluster", seed)));
        assertEquals(ExitStatus.VIOLATION.code, local.code(), local.err());
        assertEquals(ExitStatus.VIOLATION.code, spread.code(), spread.err());
        Config a = ConfigFactory.parseString(local.out());
        Config b = ConfigFactory.parseString(spread.out());
        assertEquals(6, b.getInt("runs"));
        assertEquals(a.getInt("failingRuns"), b.getInt("failingRuns"));
        assertEquals(a.getConfigList("signatures").get(0).getLong("firstFailingSeed"), b.getConfigList("signatures").get(0).getLong("firstFailingSeed"));
        assertEquals(a.getConfigList("signatures").get(0).getString("cause"), b.getConfigList("signatures").get(0).getString("cause"));
    }

    @Test
    void runsTheMembersJournalInPostgresReplayHere() throws Exception {
        String url = TestPostgres.freshDatabase();
        List<String> args = new ArrayList<>(List.of("sweep", "--cluster", seed, "--out", dir.resolve("pg").toString(), "--json",
                "--vary", "strategy=linear-walk,sl1ma", "--seeds", "1", "--duration", "200ms"));
        for (String s : PostgresJournalTest.jdbc(url)) args.add(s);
        Cli spread = Cli.run(args.toArray(String[]::new));
        assertEquals(ExitStatus.OK.code, spread.code(), spread.err());
        for (CSVRecord row : rows(dir.resolve("pg"))) {
            Cli r = PostgresJournalTest.byId("replay", row.get("runId"), url, "--verify");
            assertEquals(ExitStatus.OK.code, r.code(), row.get("runId") + ": " + r.err());
        }
    }

    static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }
}
