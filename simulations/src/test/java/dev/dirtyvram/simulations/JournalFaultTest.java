package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
/** The journal failing or slow under a running run: the run stops and says so, or its timeline is unchanged. */
class JournalFaultTest {
    @TempDir
    Path out;

    /** The program's Pekko configuration with the embedded journal's plugin class (and settings) replaced. */
    private static Cli withJournal(Map<String, String> settings, String... args) {
        settings.forEach(System::setProperty);
        ConfigFactory.invalidateCaches();
        try {
            return Cli.run(args);
        } finally {
            settings.keySet().forEach(System::clearProperty);
            ConfigFactory.invalidateCaches();
        }
    }

    private static Path onlyRun(Path out) throws Exception {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void aFailedJournalWriteStopsTheRunWhichSaysSoAndIsMarkedFailed() throws Exception {
        long t0 = System.nanoTime();
        Cli r = withJournal(Map.of("pekko.persistence.journal.leveldb.class", FailingJournal.class.getName(),
                        "pekko.persistence.journal.leveldb.fail-at", "20"),
                "run", "--mode", "deterministic", "--duration", "20s", "--out", out.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(ExitStatus.INTERNAL.code, r.code(), r.err());
        assertTrue(r.err().startsWith("dirtyvram: journal failed at "), r.err());
        assertTrue(r.err().contains("No space left on device"), "the cause is named: " + r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(seconds < 60, "stopped long before the 20 s of guest time were done: " + seconds + " s");
        Path run = onlyRun(out);
        Config summary = ConfigFactory.parseFile(run.resolve(RunDirectory.SUMMARY).toFile());
        assertEquals("failed", summary.getString("verdict"));
        assertFalse(summary.getBoolean("complete"));
        Cli replay = Cli.run("replay", run.toString(), "--verify");
        assertEquals(ExitStatus.INCONCLUSIVE.code, replay.code(), "what was written is not a finished run: " + replay.err());
    }

    @Test
    void aSlowJournalLeavesADeterministicRunsTimelineUnchanged() {
        String[] run = {"run", "--mode", "deterministic", "--duration", "1s", "--vcpus", "2", "--set", "lfb.pages=256",
                "--out", out.toString(), "--json"};
        Cli plain = Cli.run(run);
        Cli slow = withJournal(Map.of("pekko.persistence.journal.leveldb.class", SlowJournal.class.getName(),
                "pekko.persistence.journal.leveldb.delay", "20ms"), run);
        assertEquals(ExitStatus.OK.code, plain.code(), plain.err());
        assertEquals(ExitStatus.OK.code, slow.code(), slow.err());
        Config a = ConfigFactory.parseString(plain.out());
        Config b = ConfigFactory.parseString(slow.out());
        assertTrue(b.getLong("eventsPersisted") > 20, "enough writes for the delay to matter");
        assertEquals(a.getString("digest"), b.getString("digest"));
    }
}
