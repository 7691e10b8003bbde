package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.bench.CpuHog;
import dev.dirtyvram.simulations.cli.ExitStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
/** A run does what it was configured to do, or says it could not: it never passes off a shortfall as a success. */
class RunsKeepTheirConfigurationTest {
    @TempDir
    Path out;

    private Config summary(String sub) throws IOException {
        return ConfigFactory.parseFile(ScenarioEndToEndTest.onlyRun(out.resolve(sub)).resolve(RunDirectory.SUMMARY).toFile());
    }

    @Test
    void aRunStarvedOfCpuSaysInconclusiveInsteadOfPassing() throws IOException {
        List<Process> hogs = new ArrayList<>();
        Cli r;
        try {
            for (int i = 0; i < 2; i++) hogs.add(CpuHog.start());
            // The wall clock undilated, and far more stores than two busy cores can make.
            r = Cli.run("run", "--duration", "500ms", "--set", "time.dilation=1", "--set", "guest.write-rate=20000000",
                    "--out", out.resolve("starved").toString(), "--json");
        } finally {
            hogs.forEach(Process::destroyForcibly);
        }
        assertEquals(ExitStatus.INCONCLUSIVE.code, r.code(), r.err());
        assertTrue(r.err().contains("inconclusive") && r.err().contains("stores"), r.err());
        Config s = summary("starved");
        assertEquals("inconclusive", s.getString("verdict"));
        assertTrue(s.getDouble("achievedStoreRatio") < 0.9);
        assertEquals(1.0, s.getDouble("dilation"), 0.05, "a fixed dilation stays fixed");
    }

    @Test
    void idleRearmStoresAsMuchInDeterministicAsInReferenceMode() throws IOException {
        assertEquals(ExitStatus.OK.code, Cli.run("run", "--scenario", "idle-rearm", "--mode", "reference", "--out", out.resolve("r").toString(), "--json").code());
        assertEquals(ExitStatus.OK.code, Cli.run("run", "--scenario", "idle-rearm", "--mode", "deterministic", "--out", out.resolve("d").toString(), "--json").code());
        long ref = summary("r").getLong("guestWrites");
        long det = summary("d").getLong("guestWrites");
        assertEquals(ref, det, ref * 0.05, "the long idle earns no catch-up in either mode");
        assertEquals(1.0, summary("d").getDouble("achievedStoreRatio"), 0.05);
    }

    @Test
    void promisesWrittenForAnotherStrategyAreNotApplicable() throws IOException {
        Cli r = Cli.run("run", "--scenario", "svm-no-flush", "--strategy", "memcmp", "--mode", "reference",
                "--duration", "300ms", "--out", out.resolve("na").toString());
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        assertTrue(r.out().contains("written for linear-walk: not applicable to memcmp"), r.out());
        assertTrue(r.out().contains("strategy memcmp"), "the header shows the effective strategy");
        assertEquals("promises not applicable", summary("na").getString("verdict"));
        assertEquals("linear-walk", ConfigFactory.parseFile(ScenarioEndToEndTest.onlyRun(out.resolve("na"))
                .resolve(RunDirectory.CONFIG).toFile()).getString("expect.strategy"), "the run's config keeps whom the promises are for");
    }

    @Test
    void theHeaderPrintsEachWorkloadAtItsOwnRate() {
        Cli r = Cli.run("run", "--scenario", "idle-screen", "--mode", "reference", "--duration", "100ms", "--out", out.resolve("h").toString());
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        assertTrue(r.out().contains("cursor x1 at 2000 stores/s, idle x3 (no stores)"), r.out());
        assertTrue(r.out().contains("configured: 200 stores, 3 harvests"), r.out());
    }

    @Test
    void aRunWithTheJournalOffHasNothingToReplay() throws IOException {
        Cli r = Cli.run("run", "--mode", "deterministic", "--duration", "200ms", "--set", "journal=off", "--set", "lfb.pages=256",
                "--out", out.resolve("off").toString(), "--json");
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        assertEquals(0, summary("off").getLong("eventsPersisted"));
        Cli replay = Cli.run("replay", ScenarioEndToEndTest.onlyRun(out.resolve("off")).toString());
        assertEquals(ExitStatus.BAD_INPUT.code, replay.code());
        assertTrue(replay.err().contains("journal = off"), replay.err());
        assertEquals(1, replay.err().strip().lines().count(), "one line");
    }
}
