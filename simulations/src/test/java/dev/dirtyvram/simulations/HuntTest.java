package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.actors.ActorRun;
import dev.dirtyvram.domain.oracle.Coverage;
import dev.dirtyvram.domain.schedule.ChoiceSequence;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Verbosity;
import dev.dirtyvram.simulations.run.JudgedRun;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
/** `dirtyvram hunt`: failures found, grouped by signature, saved; the same root seed finds the same. */
class HuntTest {
    @TempDir
    Path out;

    private Cli hunt(String scenario, String mode, String... more) {
        List<String> args = new ArrayList<>(List.of("hunt", "--swarm", "off", "--scenario", scenario, "--mode", mode, "--runs", "6",
                "--jobs", "2", "--out", out.toString(), "--json", "--set", "duration=100ms", "--set", "lfb.pages=8",
                "--set", "vcpus=2"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void findsTheMissingFlushAsAStaleDirtyEntryAndSavesARunThatRepeatsIt() throws Exception {
        Cli r = hunt("svm-no-flush", "reference");
        assertEquals(ExitStatus.VIOLATION.code, r.code(), r.err());
        Config c = ConfigFactory.parseString(r.out());
        assertEquals(6, c.getInt("runs"));
        assertTrue(c.getInt("failingRuns") > 0);
        Config sig = c.getConfigList("signatures").get(0);
        assertEquals("lost", sig.getString("kind"));
        assertEquals("stale-d-entry", sig.getString("cause"));
        assertTrue(sig.getDouble("rateLow") <= sig.getDouble("rate") && sig.getDouble("rate") <= sig.getDouble("rateHigh"));
        Path run = Path.of(sig.getString("runDir"));
        assertTrue(Files.isRegularFile(run.resolve("config.conf")));
        Cli again = Cli.run("run", "--scenario", run.resolve("config.conf").toString(), "--out", out.toString(), "--json");
        assertTrue(again.out().contains("\"lostUpdates\": " + ConfigFactory.parseFile(run.resolve("summary.json").toFile()).getLong("lostUpdates")),
                "the saved run repeats: " + again.out());
        Path huntDir = Path.of(c.getString("huntDir"));
        assertTrue(Files.isRegularFile(huntDir.resolve("hunt.csv")));
        assertEquals(7, Files.readAllLines(huntDir.resolve("hunt.csv")).size(), "a header and a row per run");
    }

    /**
     * With no option but the scenario, a swarm hunt finds the plain read-modify-write's wiped D bit (the README's
     * hand-tuned settings are no longer needed); the saved failure holds its drawn configuration and repeats.
     */
    @Test
    void aSwarmHuntFindsTheWipedDirtyBitWithNoOtherOptionAndItsFailureRepeats() throws Exception {
        Cli r = Cli.run("hunt", "--scenario", "nonatomic-clear", "--runs", "60", "--out", out.toString(), "--json");
        assertEquals(ExitStatus.VIOLATION.code, r.code(), r.err());
        Config c = ConfigFactory.parseString(r.out());
        assertTrue(c.getBoolean("swarm"));
        Config wiped = c.getConfigList("signatures").stream().filter(s -> s.getString("cause").equals("wiped-d-bit")).findFirst().orElseThrow();
        Path saved = Path.of(wiped.getString("runDir"));
        Config conf = ConfigFactory.parseFile(saved.resolve("config.conf").toFile());
        Config scenario = new ScenarioLoader().load("nonatomic-clear", List.of()).resolved();
        assertTrue(conf.getInt("vcpus") != scenario.getInt("vcpus") || conf.getInt("lfb.pages") != scenario.getInt("lfb.pages")
                || !conf.getString("schedule.window").equals(scenario.getString("schedule.window")), "the drawn values are in config.conf");
        Cli again = Cli.run("run", "--scenario", saved.resolve("config.conf").toString(), "--out", out.resolve("again").toString(), "--json");
        Config a = ConfigFactory.parseString(again.out());
        Config s = ConfigFactory.parseFile(saved.resolve("summary.json").toFile());
        assertEquals(s.getString("digest"), a.getString("digest"), "the saved run repeats exactly");
    }

    /** Passing runs leave nothing behind unless --keep-all asks for them: then each is a run directory that replays. */
    /** KVM's write-protection before the bitmap swap: found, and explained by the lock-free fault inside the harvest. */
    @Test
    void aSwarmHuntFindsKvmsWriteProtectBeforeSwapAsAWritableUnloggedPage() throws Exception {
        Cli r = Cli.run("hunt", "--scenario", "kvm-wp-before-swap", "--runs", "20", "--out", out.toString(), "--json");
        assertEquals(ExitStatus.VIOLATION.code, r.code(), r.err());
        Config c = ConfigFactory.parseString(r.out());
        assertTrue(c.getConfigList("signatures").stream().anyMatch(s -> s.getString("cause").equals("writable-unlogged")),
                r.out());
    }

    /** Xen HAP's harvest without the PML drain: found, and explained by the log the harvest did not drain. */
    @Test
    void aSwarmHuntFindsHapsUndrainedPmlLog() throws Exception {
        Cli r = Cli.run("hunt", "--scenario", "hap-pml-no-drain", "--runs", "20", "--out", out.toString(), "--json");
        assertEquals(ExitStatus.VIOLATION.code, r.code(), r.err());
        Config c = ConfigFactory.parseString(r.out());
        assertTrue(c.getInt("failingRuns") > 0, r.out());
        assertTrue(c.getConfigList("signatures").stream().allMatch(s -> s.getString("cause").equals("pml-undrained")), r.out());
    }

    @Test
    void keepAllKeepsEveryPassingRunAndWithoutItNoneIsWritten() throws Exception {
        Path none = Path.of(ConfigFactory.parseString(hunt("default", "deterministic").out()).getString("huntDir"));
        assertTrue(!Files.exists(none.resolve("runs")), "a passing run writes nothing");
        Cli r = hunt("default", "deterministic", "--keep-all");
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        Path runs = Path.of(ConfigFactory.parseString(r.out()).getString("huntDir")).resolve("runs");
        List<Path> kept;
        try (var s = Files.list(runs)) {
            kept = s.filter(Files::isDirectory).toList();
        }
        assertEquals(6, kept.size(), "one run directory a run");
        assertEquals(ExitStatus.OK.code, Cli.run("replay", kept.get(0).toString(), "--verify").code(), "a kept run is a run directory");
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("hunt", "--keep-all", "--cluster", "127.0.0.1:2551").code());
    }

    @Test
    void pctLearnsItsRunLengthFromACalibrationRunOfTheRootSeedAndSavesIt() throws Exception {
        Cli r = hunt("svm-no-flush", "reference", "--policy", "pct", "--seed", "7", "--stop-at-first",
                "--set", "schedule.window=50us");
        assertEquals(ExitStatus.VIOLATION.code, r.code(), r.err());
        Config c = ConfigFactory.parseString(r.out());
        Cli run = Cli.run("run", "--scenario", "svm-no-flush", "--mode", "reference", "--duration", "100ms", "--set", "lfb.pages=8",
                "--vcpus", "2", "--seed", "7", "--set", "schedule.policy=uniform", "--set", "schedule.window=50us", "--out", out.toString(), "--json");
        Config calibration = ConfigFactory.parseString(run.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        int k = ChoiceSequence.read(out.resolve(calibration.getString("runId")).resolve(ChoiceSequence.FILE)).length;
        assertTrue(k > 1, "the calibration run had choices to count");
        assertEquals(k, c.getLong("pctSteps"), "k is the uniform run's number of choices");
        Path saved = Path.of(c.getConfigList("signatures").get(0).getString("runDir"));
        assertEquals(k, ConfigFactory.parseFile(saved.resolve("config.conf").toFile()).getLong("schedule.pct-steps"),
                "the saved run keeps the k it ran with, so that it repeats");
    }

    @Test
    void theSameRootSeedFindsTheSameFailuresInDeterministicMode() {
        Cli first = hunt("scattered-mfn-paused", "deterministic", "--seed", "5");
        Cli second = hunt("scattered-mfn-paused", "deterministic", "--seed", "5");
        assertEquals(ExitStatus.VIOLATION.code, first.code(), first.err());
        assertEquals(ExitStatus.VIOLATION.code, second.code(), second.err());
        Config a = ConfigFactory.parseString(first.out());
        Config b = ConfigFactory.parseString(second.out());
        assertTrue(a.getInt("failingRuns") > 0, "frames scattered under dbit-paused: stores lost");
        assertEquals(a.getInt("failingRuns"), b.getInt("failingRuns"));
        List<String> causes = a.getConfigList("signatures").stream().map(s -> s.getString("cause")).toList();
        assertTrue(causes.contains("wrong-page"), causes.toString());
        assertEquals(causes, b.getConfigList("signatures").stream().map(s -> s.getString("cause")).toList());
        assertEquals(a.getConfigList("signatures").get(0).getLong("firstFailingSeed"),
                b.getConfigList("signatures").get(0).getLong("firstFailingSeed"));
    }

    /** The plain read-modify-write's nanosecond window: found once the policy may reorder nearby steps. */
    @Test
    void findsTheWipedDirtyBitWithASchedulingWindowInBothSeededModes() {
        String[] common = {"--scenario", "nonatomic-clear", "--out", out.toString(), "--json", "--stop-at-first",
                "--set", "vcpus=2", "--set", "guest.write-rate=4000", "--set", "schedule.window=100us"};
        List<String> ref = new ArrayList<>(List.of("hunt", "--swarm", "off", "--mode", "reference", "--policy", "pos", "--runs", "40",
                "--set", "duration=500ms"));
        ref.addAll(List.of(common));
        Config r = ConfigFactory.parseString(Cli.run(ref.toArray(String[]::new)).out());
        assertEquals("wiped-d-bit", r.getConfigList("signatures").get(0).getString("cause"), r.root().render());
        List<String> det = new ArrayList<>(List.of("hunt", "--swarm", "off", "--mode", "deterministic", "--policy", "uniform",
                "--runs", "60", "--set", "duration=300ms", "--set", "schedule.burst=1", "--set", "schedule.walk-chunk=1"));
        det.addAll(List.of(common));
        Config d = ConfigFactory.parseString(Cli.run(det.toArray(String[]::new)).out());
        assertEquals("wiped-d-bit", d.getConfigList("signatures").get(0).getString("cause"), d.root().render());
    }

    /** A hunt worker's deterministic runs share one actor system; each run is still the one its seed makes. */
    @Test
    void deterministicRunsInASharedActorSystemEqualRunsInTheirOwn() {
        Scenario base = new ScenarioLoader().load("svm-no-flush", Setting.parseAll(List.of("mode=deterministic", "journal=off", "duration=100ms",
                "lfb.pages=8", "vcpus=2")));
        Config pekko = Verbosity.pekkoConfig(false);
        try (ActorRun.Host host = JudgedRun.hostFor(base, pekko, out)) {
            for (long seed = 1; seed <= 4; seed++) {
                Scenario s = base.withSeed(seed);
                JudgedRun own = JudgedRun.of(s, pekko, out);
                JudgedRun shared = JudgedRun.of(s, pekko, out, host);
                assertEquals(own.summary(), shared.summary(), "seed " + seed);
                assertTrue(Arrays.equals(own.choices(), shared.choices()), "seed " + seed);
                assertEquals(own.signatures(), shared.signatures(), "seed " + seed);
            }
        }
    }

    @Test
    void aCorrectConfigurationFailsNoRun() {
        Cli r = Cli.run("hunt", "--swarm", "off", "--scenario", "default", "--runs", "20", "--out", out.toString(), "--json",
                "--set", "duration=100ms", "--set", "lfb.pages=8", "--set", "vcpus=2");
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        Config c = ConfigFactory.parseString(r.out());
        assertEquals(0, c.getInt("failingRuns"));
        // What the runs reached, so that "no failure" is read against it: linear-walk redraws while VCPUs store (it
        // pauses nothing), and never drops write access.
        assertEquals(Coverage.Situation.values().length, c.getConfig("coverage").root().size(), r.out());
        assertTrue(c.getLong("coverage.store-during-redraw") > 0, r.out());
        assertEquals(0, c.getLong("coverage.mapping-change-while-dropped"), r.out());
        Cli text = Cli.run("hunt", "--swarm", "off", "--scenario", "default", "--runs", "5", "--out", out.toString(),
                "--set", "duration=100ms", "--set", "lfb.pages=8", "--set", "vcpus=2");
        assertTrue(text.out().contains("never reached in 5 runs"), text.out());
        assertTrue(text.out().contains("mapping-change-while-dropped"), text.out());
    }

    @Test
    void shrinkTakesAHuntedFailureToAFewStepsThatReplayAndFailTheSameWay() throws Exception {
        Config found = ConfigFactory.parseString(hunt("svm-no-flush", "reference", "--stop-at-first").out());
        String runDir = found.getConfigList("signatures").get(0).getString("runDir");
        Cli r = Cli.run("shrink", runDir, "--out", out.toString(), "--json");
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        Config c = ConfigFactory.parseString(r.out());
        assertTrue(c.getInt("vcpus") <= 2 && c.getInt("lfbPages") <= 4, r.out());
        assertTrue(c.getInt("steps") <= 30, "steps in the printed table: " + c.getInt("steps"));
        assertEquals("lost", c.getString("kind"));
        assertEquals("stale-d-entry", c.getString("cause"));
        assertEquals("deterministic", c.getString("mode"), "journaled, so that replay and explain read it");
        assertEquals(0, c.getInt("nonDefaultChoices"), "a missing flush needs no particular interleaving");
        assertEquals(ExitStatus.OK.code, Cli.run("replay", c.getString("runDir"), "--verify").code());
        assertPicture(Path.of(c.getString("svg")), c.getInt("vcpus"));
        Path drawn = out.resolve("again.svg");
        Cli explained = Cli.run("explain", c.getString("runDir"), "--page", "0", "--svg", drawn.toString());
        assertEquals(ExitStatus.OK.code, explained.code(), explained.err());
        assertPicture(drawn, c.getInt("vcpus"));
    }

    /** A lane per VCPU plus the PTE, the hypervisor and qemu-dm; the failing store marked; well-formed XML. */
    private static void assertPicture(Path svg, int vcpus) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        var groups = doc.getElementsByTagName("g");
        assertEquals(vcpus + 3, groups.getLength(), "lanes");
        int failing = 0;
        var lines = doc.getElementsByTagName("line");
        for (int i = 0; i < lines.getLength(); i++) {
            if ("failing".equals(((Element) lines.item(i)).getAttribute("class"))) failing++;
        }
        assertTrue(failing >= 1, "the failing store is marked");
        assertTrue(Files.readString(svg).contains("harvest"), "harvests drawn");
    }

    @Test
    void shrinkRefusesARunThatDidNotFail() throws Exception {
        Cli ok = Cli.run("run", "--scenario", "default", "--mode", "reference", "--duration", "100ms", "--set", "lfb.pages=8",
                "--out", out.toString());
        assertEquals(ExitStatus.OK.code, ok.code(), ok.err());
        Path run;
        try (var dirs = Files.list(out)) {
            run = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Cli r = Cli.run("shrink", run.toString(), "--out", out.toString());
        assertEquals(ExitStatus.BAD_INPUT.code, r.code());
        assertTrue(r.err().contains("nothing to shrink"), r.err());
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("shrink", out.resolve("no-such-run").toString()).code());
    }

    private Config runJson(String mode, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--scenario", "default", "--mode", mode, "--duration", "100ms",
                "--set", "lfb.pages=8", "--vcpus", "2", "--set", "schedule.window=50us", "--out", out.toString(), "--json"));
        args.addAll(List.of(more));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(ExitStatus.OK.code, r.code(), r.err()); // a window delays steps, yet every configured store is made
        return ConfigFactory.parseString(r.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "deterministic"})
    void aRunRecordsItsChoiceSequenceAndAReplayOfItGivesTheSameTimeline(String mode) throws Exception {
        Config original = runJson(mode, "--set", "schedule.policy=pos");
        Path choices = out.resolve(original.getString("runId")).resolve("schedule.choices");
        assertTrue(Files.readString(choices).lines().count() > 1, "choices recorded");
        Config replayed = runJson(mode, "--set", "schedule.policy=uniform", "--set", "schedule.replay=" + choices);
        assertEquals(original.getString("digest"), replayed.getString("digest"), "the same choices, the same timeline");
        Config uniform = runJson(mode, "--set", "schedule.policy=uniform");
        assertNotEquals(original.getString("digest"), uniform.getString("digest"), "the choices are what made it");
        Cli bad = Cli.run("run", "--scenario", "default", "--set", "schedule.replay=" + out.resolve("none"), "--out", out.toString());
        assertEquals(ExitStatus.BAD_INPUT.code, bad.code());
        assertTrue(bad.err().contains("schedule.replay: cannot read"), bad.err());
    }
}
