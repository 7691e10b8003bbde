package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check's three verdicts on small configurations, and its failing schedule read back by replay, explain and shrink. */
class CheckTest {
    @TempDir
    Path out;

    @Test
    void aMissingFlushIsFoundAndItsRunReplaysExplainsAndShrinks() throws Exception {
        Cli r = Cli.run("check", "--scenario", "svm-no-flush", "--json", "--out", out.toString());
        assertEquals(ExitStatus.VIOLATION.code, r.code(), r.err());
        Config c = ConfigFactory.parseString(r.out());
        assertEquals("bug-found", c.getString("verdict"));
        assertEquals("lost", c.getString("kind"));
        assertEquals("stale-d-entry", c.getString("cause"));
        Path run = Path.of(c.getString("runDir"));
        assertTrue(Files.isRegularFile(run.resolve("steps.txt")), "its steps travel with it");
        assertTrue(Files.isRegularFile(run.resolve("schedule.replay")), "its choice sequence travels with it");

        Cli replay = Cli.run("replay", run.toString(), "--verify");
        assertEquals(ExitStatus.OK.code, replay.code(), replay.err());
        Cli explain = Cli.run("explain", run.toString(), "--page", "0");
        assertEquals(ExitStatus.OK.code, explain.code(), explain.err());
        assertTrue(explain.out().contains("cached D=1"), explain.out());
        Cli report = Cli.run("report", run.toString());
        assertEquals(ExitStatus.OK.code, report.code(), report.err());
        assertTrue(Files.readString(run.resolve("report.html")).contains("written by shrink or check"), "the page shows its steps");
        Cli shrink = Cli.run("shrink", run.toString(), "--time", "30s", "--json", "--out", out.toString());
        assertEquals(ExitStatus.OK.code, shrink.code(), shrink.err());
        assertEquals("stale-d-entry", ConfigFactory.parseString(shrink.out()).getString("cause"));
    }

    @Test
    void aNonAtomicClearIsFoundAsAWipedDBit() {
        Cli r = Cli.run("check", "--scenario", "nonatomic-clear", "--json", "--out", out.toString());
        assertEquals(ExitStatus.VIOLATION.code, r.code(), r.err());
        assertEquals("wiped-d-bit", ConfigFactory.parseString(r.out()).getString("cause"));
    }

    @Test
    void theDefaultDesignIsCompleteAndTheReductionPrunes() {
        Cli reduced = Cli.run("check", "--json", "--out", out.toString());
        assertEquals(ExitStatus.OK.code, reduced.code(), reduced.err());
        Config c = ConfigFactory.parseString(reduced.out());
        assertEquals("complete", c.getString("verdict"));
        assertTrue(c.getLong("pruned") > 0, reduced.out());
        assertTrue(c.getLong("coverage.store-in-clear-window") > 0, reduced.out());
        assertEquals(0, c.getLong("coverage.fill-during-flush"), reduced.out());
        Cli full = Cli.run("check", "--json", "--no-reduction", "--out", out.toString());
        Config f = ConfigFactory.parseString(full.out());
        assertEquals("complete", f.getString("verdict"));
        assertTrue(f.getLong("schedules") > c.getLong("schedules"), reduced.out() + " against " + full.out());
    }

    @Test
    void aPreemptionBoundLeavesSchedulesOutAndSaysSo() {
        Cli r = Cli.run("check", "--json", "--preemptions", "0", "--out", out.toString());
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        Config c = ConfigFactory.parseString(r.out());
        assertEquals("complete", c.getString("verdict"));
        assertEquals(0, c.getInt("bound"));
        assertTrue(c.getLong("boundedOut") > 0, r.out());
    }

    @Test
    void aSearchOutOfTimeIsIncompleteAndSaysHowFarItGot() {
        Cli r = Cli.run("check", "--stores", "4", "--harvests", "2", "--time", "1s", "--out", out.toString());
        assertEquals(ExitStatus.INCONCLUSIVE.code, r.code(), r.err());
        assertTrue(r.out().contains("verdict: incomplete: stopped by its time"), r.out());
    }

    @Test
    void aBoundedRunIsTheReferenceDriversAndCheckSetsItsOwnBounds() {
        Cli det = Cli.run("run", "--mode", "deterministic", "--set", "schedule.stores=2", "--out", out.toString());
        assertEquals(ExitStatus.BAD_INPUT.code, det.code(), det.err());
        assertTrue(det.err().contains("schedule.stores bounds reference-mode runs"), det.err());
        Cli set = Cli.run("check", "--set", "vcpus=3");
        assertEquals(ExitStatus.BAD_INPUT.code, set.code(), set.err());
        assertEquals(1, set.err().lines().count(), set.err());
        // Two harvests 30 ms apart do not fit 40 ms: no schedule is judged on less than its bounds ask for.
        Cli shortRun = Cli.run("check", "--harvests", "2", "--set", "duration=40ms");
        assertEquals(ExitStatus.BAD_INPUT.code, shortRun.code(), shortRun.err());
        assertTrue(shortRun.err().contains("before its 4 stores and 2 harvests were made"), shortRun.err());
        // A scenario whose events need more pages than check makes says how to give them.
        Cli events = Cli.run("check", "--scenario", "alias-then-idle");
        assertEquals(ExitStatus.BAD_INPUT.code, events.code(), events.err());
        assertEquals(1, events.err().lines().count(), events.err());
        assertTrue(events.err().contains("outside the LFB of 1 page") && events.err().contains("--pages"), events.err());
    }
}
