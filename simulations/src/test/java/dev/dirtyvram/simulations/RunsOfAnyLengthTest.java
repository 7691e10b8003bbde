package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
/**
 * A run's memory does not grow with its length (runs that used to run out of memory in a small heap complete in it),
 * an Error is one line and exit 3 with the run marked failed, and journals of format 1 still replay.
 */
class RunsOfAnyLengthTest {
    @TempDir
    Path out;

    /** The program in a JVM of its own with {@code heap}, its output in {@code out/log}; its exit status. */
    private int child(String heap, String log, String... args) throws Exception {
        return child(List.of("-Xmx" + heap), log, args);
    }

    /** The program in a JVM of its own started with {@code jvm} options, its output in {@code out/log}; its exit status. */
    private int child(List<String> jvm, String log, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.dirtyvram.simulations.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(out.toFile(), log)).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished");
        return p.exitValue();
    }

    private Config onlySummary(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            Path run = s.filter(Files::isDirectory).findFirst().orElseThrow();
            return ConfigFactory.parseFile(run.resolve(RunDirectory.SUMMARY).toFile());
        }
    }

    /** The release before kept every fact of a concurrent run until its end: 100 MB a second; this ran out of memory. */
    @Test
    void aConcurrentRunLongerThanItsHeapOnceHeldCompletes() throws Exception {
        Path dir = Files.createDirectories(out.resolve("concurrent"));
        int code = child("256m", "concurrent.log", "run", "--duration", "8s", "--out", dir.toString());
        String log = Files.readString(out.resolve("concurrent.log"));
        assertEquals(ExitStatus.OK.code, code, log);
        assertEquals("expectation met", onlySummary(dir).getString("verdict"), log);
    }

    /** The release before kept every store's latency in a list: 8 bytes a store; this ran out of memory. */
    @Test
    void aReferenceRunLongerThanItsHeapOnceHeldCompletes() throws Exception {
        Path dir = Files.createDirectories(out.resolve("reference"));
        int code = child("64m", "reference.log", "run", "--mode", "reference", "--duration", "12s", "--out", dir.toString());
        String log = Files.readString(out.resolve("reference.log"));
        assertEquals(ExitStatus.OK.code, code, log);
        assertEquals("expectation met", onlySummary(dir).getString("verdict"), log);
    }

    /**
     * A young generation's spaces are full after a collection as a matter of course under the generational
     * collectors a user may choose through DIRTYVRAM_JAVA_OPTS: that is no heap running out.
     */
    @Test
    void aRunUnderAnotherCollectorIsNotTakenForOutOfMemory() throws Exception {
        for (String gc : List.of("-XX:+UseParallelGC", "-XX:+UseSerialGC")) {
            Path dir = Files.createDirectories(out.resolve(gc.substring(8)));
            int code = child(List.of("-Xmx256m", gc), gc + ".log", "run", "--mode", "deterministic", "--duration", "2s",
                    "--out", dir.toString());
            String log = Files.readString(out.resolve(gc + ".log"));
            assertEquals(ExitStatus.OK.code, code, gc + ": " + log);
            assertEquals("expectation met", onlySummary(dir).getString("verdict"), gc + ": " + log);
        }
    }

    /**
     * A heap that fills as the run goes on (a journal that holds on to memory at every write) ends the run with one
     * line before the JVM throws OutOfMemoryError at a thread whose last words the lack of memory could garble.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-XX:+UseG1GC", "-XX:+UseParallelGC"})
    void runningOutOfMemoryIsOneLineExitThreeAndAFailedRun(String gc) throws Exception {
        Path dir = Files.createDirectories(out.resolve("tiny"));
        int code = child(List.of("-Xmx128m", gc, "-Dpekko.persistence.journal.leveldb.class=" + HoardingJournal.class.getName(),
                "-Dpekko.persistence.journal.leveldb.hoard-bytes=2000000"), "tiny.log", "run", "--duration", "60s", "--out", dir.toString());
        String log = Files.readString(out.resolve("tiny.log"));
        List<String> lines = log.lines().filter(l -> !l.startsWith("dirtyvram run ") && !l.startsWith("  ") && !l.startsWith("running: ")).toList();
        assertEquals(ExitStatus.INTERNAL.code, code, log);
        assertEquals(1, lines.size(), "one line after the run's header and its progress: " + log);
        assertTrue(lines.get(0).startsWith("dirtyvram: out of memory after "), log);
        assertTrue(lines.get(0).contains("is marked failed"), log);
        assertTrue(lines.get(0).contains("DIRTYVRAM_JAVA_OPTS=-Xmx"), "says what to do: " + log);
        assertFalse(log.contains("\tat "), "no stack trace: " + log);
        Config summary = onlySummary(dir);
        assertEquals("failed", summary.getString("verdict"));
        assertTrue(summary.getString("failure").contains("OutOfMemoryError"), summary.root().render());
    }

    /** An Error on one of Pekko's threads (the journal's), which Pekko answers with a stack trace and a stopped system. */
    @Test
    void anErrorOnAPekkoThreadIsOneLineAndTheRunIsMarkedFailed() throws Exception {
        Map<String, String> settings = Map.of("pekko.persistence.journal.leveldb.class", ErringJournal.class.getName(),
                "pekko.persistence.journal.leveldb.fail-at", "5");
        settings.forEach(System::setProperty);
        ConfigFactory.invalidateCaches();
        Cli r;
        try {
            r = Cli.run("run", "--mode", "deterministic", "--duration", "20s", "--out", out.toString());
        } finally {
            settings.keySet().forEach(System::clearProperty);
            ConfigFactory.invalidateCaches();
        }
        assertEquals(ExitStatus.INTERNAL.code, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("dirtyvram: out of memory after "), r.err());
        assertTrue(r.err().contains("is marked failed"), r.err());
        Config summary = onlySummary(out);
        assertEquals("failed", summary.getString("verdict"));
        assertFalse(summary.getBoolean("complete"));
        assertTrue(summary.getString("failure").contains("OutOfMemoryError"), summary.root().render());
    }

    /** A copy of a run directory kept under the test resources (its journal is reopened, so it is copied first). */
    private Path fixture(String name) throws Exception {
        Path from = Path.of(getClass().getResource("/journal-v1/" + name).toURI());
        Path to = out.resolve(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t);
            }
        }
        return to;
    }

    /** Journals written by the release before this format (one event per fact) still replay and verify. */
    @Test
    void journalsOfFormatOneStillReplayAndVerify() throws Exception {
        for (String mode : List.of("deterministic", "concurrent")) {
            Path run = fixture(mode);
            Cli r = Cli.run("replay", run.toString(), "--verify");
            assertEquals(ExitStatus.OK.code, r.code(), mode + ": " + r.err());
            assertTrue(r.err().contains("verified"), r.err());
        }
    }

    @Test
    void aJournalOfAnUnknownFormatIsOneLineExitTwo() throws Exception {
        System.setProperty("pekko.actor.serializers.dirtyvram-kryo", LaterFormatSerializer.class.getName());
        ConfigFactory.invalidateCaches();
        try {
            assertEquals(ExitStatus.OK.code, Cli.run("run", "--mode", "deterministic", "--duration", "100ms", "--vcpus", "2",
                    "--set", "lfb.pages=64", "--out", out.toString()).code());
        } finally {
            System.clearProperty("pekko.actor.serializers.dirtyvram-kryo");
            ConfigFactory.invalidateCaches();
        }
        Path run;
        try (Stream<Path> s = Files.list(out)) {
            run = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Cli r = Cli.run("replay", run.toString(), "--verify");
        assertEquals(ExitStatus.BAD_INPUT.code, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains("journal format 9"), r.err());
    }

    /**
     * A 2 s run of the default scenario journals a few hundred large events of at most 3 bytes a store (at most 5
     * under any other strategy; logdirty-wp's faults are blocks like the rest), in deterministic mode and concurrent.
     */
    @Test
    void aTwoSecondRunJournalsFewEventsOfAFewBytesAStore() {
        for (String strategy : List.of("linear-walk", "sl1ma", "logdirty-wp", "dbit-paused", "memcmp")) {
            Cli r = Cli.run("run", "--mode", "deterministic", "--strategy", strategy, "--duration", "2s", "--json",
                    "--out", out.resolve("sizes").toString());
            Config s = ConfigFactory.parseString(r.out());
            double perStore = (double) s.getLong("journalBytes") / s.getLong("guestWrites");
            assertTrue(s.getLong("eventsPersisted") <= 10_000, strategy + ": " + s.getLong("eventsPersisted") + " events");
            assertTrue(perStore <= (strategy.equals("linear-walk") ? 3 : 5), strategy + ": " + perStore + " bytes a store");
        }
        Cli r = Cli.run("run", "--duration", "2s", "--json", "--out", out.resolve("sizes").toString());
        Config s = ConfigFactory.parseString(r.out());
        assertTrue(s.getLong("eventsPersisted") <= 10_000, "concurrent: " + s.getLong("eventsPersisted") + " events");
        assertTrue((double) s.getLong("journalBytes") / s.getLong("guestWrites") <= 3, "concurrent: " + r.out());
    }
}
