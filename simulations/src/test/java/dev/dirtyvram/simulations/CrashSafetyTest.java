package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.RunDirectory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed with SIGKILL mid-run leaves a directory that replay reads to its last persisted event. */
class CrashSafetyTest {
    @TempDir
    Path out;

    @Test
    void aKilledRunReplaysAsIncomplete() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.dirtyvram.simulations.Main", "run", "--duration", "60s", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(new File(out.toFile(), "child.log")).start();
        try {
            Path run = waitForJournal(out, child);
            Thread.sleep(1_500); // mid-run: well into the journal, far from the end
            assertTrue(child.isAlive(), "still running when killed");
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hook runs
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertFalse(Files.exists(run.resolve(RunDirectory.SUMMARY)), "a killed run has no summary");

            Cli replay = Cli.run("replay", run.toString(), "--json");
            assertEquals(Main.OK, replay.code(), replay.err());
            Config s = ConfigFactory.parseString(replay.out());
            assertFalse(s.getBoolean("complete"));
            assertTrue(s.getLong("guestWrites") > 0, "the persisted prefix is there");
            assertTrue(replay.err().contains("incomplete"), replay.err());

            Cli verify = Cli.run("replay", run.toString(), "--verify");
            assertEquals(Main.VIOLATION, verify.code(), "nothing to verify against: " + verify.err());
            assertEquals(Main.OK, Cli.run("explain", run.toString(), "--lost").code());
        } finally {
            child.destroyForcibly();
        }
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
