package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
/**
 * Runs ended from outside: SIGKILL mid-run leaves a directory that replay reads to its last persisted event and
 * calls incomplete; SIGINT stops a run or a sweep, which write what they measured, marked interrupted; two processes
 * share an output directory.
 */
class CrashSafetyTest {
    @TempDir
    Path out;

    static Process child(Path out, String log, String... args) throws IOException {
        return childProcess(out, log, args).start();
    }

    /** The program in a JVM of its own, its output in {@code out/log}; not yet started (its environment can be set). */
    static ProcessBuilder childProcess(Path out, String log, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.dirtyvram.simulations.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(out.toFile(), log));
    }

    static void sigint(Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
    }

    @Test
    void aKilledRunReplaysAsIncomplete() throws Exception {
        Process child = child(out, "child.log", "run", "--duration", "60s", "--out", out.toString());
        try {
            Path run = waitForJournal(out, child);
            Thread.sleep(1_500); // mid-run: well into the journal, far from the end
            assertTrue(child.isAlive(), "still running when killed");
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hook runs
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertFalse(Files.exists(run.resolve(RunDirectory.SUMMARY)), "a killed run has no summary");

            Cli replay = Cli.run("replay", run.toString(), "--json");
            assertEquals(ExitStatus.INCONCLUSIVE.code, replay.code(), replay.err());
            assertEquals(1, replay.out().strip().lines().count(), "standard output is the JSON alone: " + replay.out());
            Config s = ConfigFactory.parseString(replay.out());
            assertFalse(s.getBoolean("complete"));
            assertEquals("incomplete", s.getString("verdict"));
            assertFalse(s.hasPath("lostUpdates"), "lost updates cannot be judged before the quiesce protocol: " + replay.out());
            assertTrue(s.getLong("guestWrites") > 0, "the persisted prefix is there");
            assertTrue(replay.err().startsWith("dirtyvram: incomplete"), replay.err());
            assertEquals(1, replay.err().strip().lines().count(), "one line, a torn tail named in it: " + replay.err());

            Cli verify = Cli.run("replay", run.toString(), "--verify");
            assertEquals(ExitStatus.INCONCLUSIVE.code, verify.code(), "nothing to verify against: " + verify.err());
            assertEquals(ExitStatus.OK.code, Cli.run("explain", run.toString(), "--lost").code());
        } finally {
            child.destroyForcibly();
        }
    }

    /** A smaller count of scripts/kill-replay.sh's cycles: kill at a random moment, then replay. */
    @Test
    void killsAtRandomMomentsLeaveRunsThatVerifyOrSayIncomplete() throws Exception {
        Random rnd = new Random(7);
        int replayed = 0;
        for (int i = 0; i < 4; i++) {
            Path dir = Files.createDirectories(out.resolve("kill-" + i));
            Process child = child(dir, "child.log", "run", "--mode", "deterministic", "--duration", "1500ms", "--out", dir.toString());
            try {
                Thread.sleep(300 + rnd.nextInt(6_000)); // from start-up to past the end
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            } finally {
                child.destroyForcibly();
            }
            List<Path> runs;
            try (Stream<Path> s = Files.list(dir)) {
                runs = s.filter(Files::isDirectory).toList();
            }
            if (runs.isEmpty() || isEmpty(runs.get(0))) {
                // Killed before it made its directory, or just after (before its first file): it left nothing behind
                // but its log and perhaps that empty directory.
                try (Stream<Path> s = Files.list(dir)) {
                    assertEquals(List.of("child.log"), s.filter(p -> !Files.isDirectory(p)).map(p -> p.getFileName().toString()).toList(), "kill " + i);
                }
                continue;
            }
            // A run that wrote its summary finished and verifies; one that did not says incomplete.
            boolean finished = Files.exists(runs.get(0).resolve(RunDirectory.SUMMARY));
            Cli r = Cli.run("replay", runs.get(0).toString(), "--verify");
            assertEquals(finished ? ExitStatus.OK.code : ExitStatus.INCONCLUSIVE.code, r.code(), "kill " + i + ": " + r.err());
            assertTrue(!r.err().contains("\tat ") && !r.err().contains("internal error"), r.err());
            assertTrue(r.err().contains(finished ? "verified" : "incomplete"), r.err());
            replayed++;
        }
        assertTrue(replayed > 0, "some kill left a run to replay");
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Killed between making its directory and writing its configuration (CI's kill once landed there). */
    @Test
    void aRunKilledBeforeItsConfigurationReplaysAsIncomplete() throws IOException {
        Path run = RunDirectory.create(out, "killed-at-start").root(); // what a run has made by then: no config.conf
        for (String[] command : List.of(new String[] {"replay", "--verify"}, new String[] {"explain", "--lost"}, new String[] {"export", "--format=jsonl"})) {
            Cli c = Cli.run(command[0], run.toString(), command[1]);
            assertEquals(ExitStatus.INCONCLUSIVE.code, c.code(), command[0] + ": " + c.err());
            assertEquals("dirtyvram: incomplete: " + run + " was stopped before it wrote its config.conf: it holds nothing to replay",
                    c.err().strip(), command[0]);
        }
        Cli report = Cli.run("report", run.toString());
        assertEquals(ExitStatus.INCONCLUSIVE.code, report.code(), report.err());
        assertTrue(report.err().startsWith("dirtyvram: incomplete: ") && report.err().contains("nothing to report"), report.err());
        Path benchRun = RunDirectory.create(out, "bench-run").root(); // bench's runs have a journal and no configuration
        Files.writeString(benchRun.resolve(RunDirectory.JOURNAL).resolve("CURRENT"), "MANIFEST-000002\n");
        Cli runs = Cli.run("runs", out.toString(), "--json");
        assertEquals(ExitStatus.OK.code, runs.code(), runs.err());
        Config listed = ConfigFactory.parseString("runs = " + runs.out());
        assertEquals(1, listed.getConfigList("runs").size(), "the killed run, not bench's: " + runs.out());
        assertEquals("not finished", listed.getConfigList("runs").get(0).getString("verdict"), "listed, as a run that did not finish");
        for (Path notARun : List.of(Files.createDirectory(out.resolve("empty")), benchRun)) {
            Cli stranger = Cli.run("replay", notARun.toString());
            assertEquals(ExitStatus.BAD_INPUT.code, stranger.code(), "not a run killed while starting: " + stranger.err());
            assertTrue(stranger.err().contains("is not a run directory: no config.conf"), stranger.err());
        }
    }

    @Test
    void sigintStopsARunWhichWritesWhatItMeasuredMarkedInterrupted() throws Exception {
        Process child = child(out, "child.log", "run", "--duration", "60s", "--out", out.toString());
        try {
            Path run = waitForJournal(out, child);
            sigint(child);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(ExitStatus.INTERRUPTED.code, child.exitValue(), Files.readString(out.resolve("child.log")));
            String log = Files.readString(out.resolve("child.log"));
            assertTrue(log.contains("dirtyvram: interrupted at "), log);
            Config summary = ConfigFactory.parseFile(run.resolve(RunDirectory.SUMMARY).toFile());
            assertEquals("interrupted", summary.getString("verdict"));
            assertTrue(summary.getBoolean("interrupted"));
            assertTrue(summary.getLong("guestWrites") > 0);
            assertFalse(summary.hasPath("lostUpdates"));
            assertEquals(ExitStatus.INCONCLUSIVE.code, Cli.run("replay", run.toString()).code(), "its journal holds what it measured, incomplete");
        } finally {
            child.destroyForcibly();
        }
    }

    /** SIGTERM (kill PID; what stops a member started with & from a script, where SIGINT is ignored) is SIGINT's twin. */
    @Test
    void sigtermStopsARunAsSigintDoes() throws Exception {
        Process child = child(out, "child.log", "run", "--duration", "60s", "--out", out.toString());
        try {
            Path run = waitForJournal(out, child);
            child.destroy(); // SIGTERM on Linux
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            String log = Files.readString(out.resolve("child.log"));
            assertEquals(128 + 15, child.exitValue(), "as a shell reports SIGTERM: " + log);
            assertTrue(log.contains("dirtyvram: interrupted at "), log);
            assertEquals("interrupted", ConfigFactory.parseFile(run.resolve(RunDirectory.SUMMARY).toFile()).getString("verdict"), log);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void sigintStopsASweepWhichFinishesItsFilesForThePointsDone() throws Exception {
        Process child = child(out, "child.log", "sweep", "--vary", "harvest.interval=5ms,10ms,20ms,30ms", "--seeds", "4",
                "--duration", "300ms", "--jobs", "1", "--out", out.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Path sweep = null;
            while (System.nanoTime() < deadline && sweep == null) {
                try (Stream<Path> s = Files.walk(out, 4)) {
                    sweep = s.filter(p -> p.getFileName().toString().equals(RunDirectory.SUMMARY)).findFirst()
                            .map(p -> p.getParent().getParent().getParent()).orElse(null);
                }
                Thread.sleep(100);
            }
            assertTrue(sweep != null && child.isAlive(), "a first run finished, and the sweep goes on");
            sigint(child);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            String log = Files.readString(out.resolve("child.log"));
            assertEquals(ExitStatus.INTERRUPTED.code, child.exitValue(), log);
            assertTrue(log.contains("dirtyvram: interrupted: "), log);
            Config json = ConfigFactory.parseFile(sweep.resolve("sweep.json").toFile());
            assertTrue(json.getBoolean("interrupted"));
            int done = json.getInt("runsDone");
            assertTrue(done >= 1 && done < 16, "some runs, not all: " + done);
            assertEquals(done + 1, Files.readAllLines(sweep.resolve("sweep.csv")).size(), "a row per run done");
        } finally {
            child.destroyForcibly();
        }
    }

    /** A sweep SIGKILLed half way, resumed: the files of an uninterrupted sweep of the same plan (its run ids aside). */
    @Test
    void aSweepKilledHalfWayAndResumedEqualsOneThatWasNot() throws Exception {
        String[] plan = {"sweep", "--vary", "harvest.interval=10ms,20ms,30ms", "--seeds", "2", "--duration", "200ms", "--jobs", "1"};
        Path killedOut = Files.createDirectories(out.resolve("killed"));
        List<String> args = new ArrayList<>(List.of(plan));
        args.addAll(List.of("--out", killedOut.toString()));
        Process child = child(out, "child.log", args.toArray(String[]::new));
        Path sweep = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long finished = 0;
            while (System.nanoTime() < deadline && finished < 2 && child.isAlive()) {
                try (Stream<Path> s = Files.walk(killedOut, 4)) {
                    List<Path> summaries = s.filter(p -> p.getFileName().toString().equals(RunDirectory.SUMMARY)).toList();
                    finished = summaries.size();
                    if (!summaries.isEmpty()) sweep = summaries.get(0).getParent().getParent().getParent();
                }
                Thread.sleep(50);
            }
            assertTrue(child.isAlive() && finished >= 2, "killed with runs done and to do: " + finished);
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertFalse(Files.exists(sweep.resolve("sweep.csv")), "killed before its files");
        Cli resumed = Cli.run("sweep", "--resume", sweep.toString(), "--json");
        assertEquals(ExitStatus.OK.code, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("finished before, kept"), resumed.err());
        List<String> all = new ArrayList<>(List.of(plan));
        all.addAll(List.of("--out", out.resolve("whole").toString(), "--json"));
        Cli whole = Cli.run(all.toArray(String[]::new));
        assertEquals(ExitStatus.OK.code, whole.code(), whole.err());
        Path wholeDir = Path.of(ConfigFactory.parseString(whole.out()).getString("sweepDir"));
        assertEquals(withoutRunIds(wholeDir.resolve("sweep.csv")), withoutRunIds(sweep.resolve("sweep.csv")));
        assertEquals(ConfigFactory.parseString(whole.out()).getConfig("recommendation"), ConfigFactory.parseString(resumed.out()).getConfig("recommendation"));
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("sweep", "--resume", sweep.toString(), "--seeds", "3").code(), "the plan is the sweep's own");
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("sweep", "--resume", out.toString()).code(), "no sweep there");
    }

    /** A hunt SIGKILLed half way, resumed: the hunt.csv and the signatures of an uninterrupted hunt of the same plan. */
    @Test
    void aHuntKilledHalfWayAndResumedEqualsOneThatWasNot() throws Exception {
        String[] plan = {"hunt", "--swarm", "off", "--scenario", "svm-no-flush", "--mode", "deterministic", "--runs", "150", "--jobs", "1",
                "--set", "duration=100ms", "--set", "lfb.pages=8", "--set", "vcpus=2"};
        Path killedOut = Files.createDirectories(out.resolve("killed-hunt"));
        List<String> args = new ArrayList<>(List.of(plan));
        args.addAll(List.of("--out", killedOut.toString()));
        Process child = child(out, "hunt.log", args.toArray(String[]::new));
        Path hunt = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long lines = 0;
            while (System.nanoTime() < deadline && lines < 20 && child.isAlive()) {
                try (Stream<Path> s = Files.walk(killedOut, 2)) {
                    hunt = s.filter(p -> p.getFileName().toString().equals("hunt.outcomes")).map(Path::getParent).findFirst().orElse(null);
                }
                if (hunt != null) lines = Files.readAllLines(hunt.resolve("hunt.outcomes")).size();
                Thread.sleep(20);
            }
            assertTrue(child.isAlive() && lines >= 20 && lines < 150, "killed half way: " + lines + " runs done");
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        Cli resumed = Cli.run("hunt", "--resume", hunt.toString(), "--json");
        assertEquals(ExitStatus.VIOLATION.code, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("done before, kept"), resumed.err());
        List<String> all = new ArrayList<>(List.of(plan));
        all.addAll(List.of("--out", out.resolve("whole-hunt").toString(), "--json"));
        Cli whole = Cli.run(all.toArray(String[]::new));
        assertEquals(ExitStatus.VIOLATION.code, whole.code(), whole.err());
        Path wholeDir = Path.of(ConfigFactory.parseString(whole.out()).getString("huntDir"));
        assertEquals(Files.readAllLines(wholeDir.resolve("hunt.csv")), Files.readAllLines(hunt.resolve("hunt.csv")));
        for (String key : List.of("runs", "failingRuns")) {
            assertEquals(ConfigFactory.parseString(whole.out()).getInt(key), ConfigFactory.parseString(resumed.out()).getInt(key), key);
        }
        Config w = ConfigFactory.parseString(whole.out()).getConfigList("signatures").get(0);
        Config r = ConfigFactory.parseString(resumed.out()).getConfigList("signatures").get(0);
        for (String key : List.of("kind", "cause", "failingRuns", "firstFailingSeed")) assertEquals(w.getString(key), r.getString(key), key);
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("hunt", "--resume", hunt.toString(), "--runs", "5").code(), "the plan is the hunt's own");
    }

    /** A sweep.csv's rows with the runId column taken out. */
    private static List<Map<String, String>> withoutRunIds(Path csv) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CSVParser p = CSVParser.parse(csv, StandardCharsets.UTF_8, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            for (CSVRecord r : p) {
                Map<String, String> m = new LinkedHashMap<>(r.toMap());
                m.remove("runId");
                rows.add(m);
            }
        }
        return rows;
    }

    @Test
    void twoProcessesWritingTheSameOutputDirectoryKeepTheirRunsApart() throws Exception {
        Process a = child(out, "a.log", "run", "--mode", "deterministic", "--duration", "300ms", "--out", out.resolve("shared").toString());
        Process b = child(out, "b.log", "run", "--mode", "deterministic", "--duration", "300ms", "--out", out.resolve("shared").toString());
        assertTrue(a.waitFor(120, TimeUnit.SECONDS) && b.waitFor(120, TimeUnit.SECONDS));
        assertEquals(ExitStatus.OK.code, a.exitValue(), Files.readString(out.resolve("a.log")));
        assertEquals(ExitStatus.OK.code, b.exitValue(), Files.readString(out.resolve("b.log")));
        List<Path> runs;
        try (Stream<Path> s = Files.list(out.resolve("shared"))) {
            runs = s.toList();
        }
        assertEquals(2, runs.size(), "two directories: " + runs);
        for (Path run : runs) assertEquals(ExitStatus.OK.code, Cli.run("replay", run.toString(), "--verify").code(), run.toString());
    }

    private static Path waitForJournal(Path out, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && child.isAlive()) {
            try (Stream<Path> runs = Files.list(out)) {
                List<Path> dirs = runs.filter(Files::isDirectory).toList();
                // The run directory is made a moment before its journal.
                Path journal = dirs.isEmpty() ? null : dirs.get(0).resolve(RunDirectory.JOURNAL);
                if (journal != null && Files.isDirectory(journal)) {
                    try (Stream<Path> files = Files.list(journal)) {
                        if (files.mapToLong(p -> p.toFile().length()).sum() > 200_000) return dirs.get(0);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the child never journaled: " + Files.readString(out.resolve("child.log")));
    }
}
