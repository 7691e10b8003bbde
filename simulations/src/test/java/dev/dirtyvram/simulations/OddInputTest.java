package dev.dirtyvram.simulations;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Plural;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input a user found passed off as success, or answered with more than one line: each is now one line naming the
 * problem, exit 2 and nothing left behind (or, where the run cannot judge, inconclusive).
 */
class OddInputTest {
    @TempDir
    Path out;

    private List<Path> left() throws Exception {
        try (Stream<Path> s = Files.list(out)) {
            return s.toList();
        }
    }

    /** {@code args} (--out added) is one line containing {@code expected}, exit 2, no stack trace, nothing made. */
    private void refused(String expected, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--out", out.toString()));
        Cli r = Cli.run(a.toArray(String[]::new));
        String err = r.err().strip();
        assertEquals(ExitStatus.BAD_INPUT.code, r.code(), String.join(" ", args) + ": " + err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("dirtyvram: ") && err.contains(expected), err);
        assertFalse(err.contains("Exception"), err);
        assertEquals(List.of(), left(), "nothing left behind by " + String.join(" ", args));
        assertEquals("", r.out(), "no header before the refusal");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hunt --policy foo|--policy: unknown schedule.policy 'foo'",
            "hunt --time 0s|--time must be more than 0",
            "sweep --vary mode=reference|--vary mode: a sweep runs every point in deterministic mode",
            "sweep --vary duration=1s,2s|--vary duration: a sweep compares designs over one run length",
            "sweep --vary harvest.interval=10ms,10ms|--vary harvest.interval lists 10ms twice",
            "sweep --latency-target 0ms|--latency-target must be more than 0",
            "sweep --cluster nonsense|'nonsense' is not host:port",
            "hunt --cluster nonsense|'nonsense' is not host:port",
            "hunt --jobs 100|--jobs must be 1..64, got 100",
            "run --set strategy=sl1ma --strategy memcmp|--strategy and --set strategy=sl1ma both set strategy",
            "sweep --duration 1s --set duration=2s|--duration and --set duration=2s both set duration",
            "sweep --set mode=reference|--set mode=reference: a sweep runs every point in deterministic mode",
            "hunt --set mode=deterministic|--set mode=deterministic: give it with --mode",
            "hunt --set schedule.policy=pct|--set schedule.policy=pct: give it with --policy",
            "run --duration 1h --set guest.write-rate=100000000|the run's journal would take up to",
            "run --duration 5s --set guest.write-rate=100000000 --set journal=off|it could only end inconclusive",
    })
    void refusedInOneLine(String command, String expected) throws Exception {
        refused(expected, command.split(" "));
    }

    @Test
    void shrinkRefusesNoTimeToShrink() throws Exception {
        Cli ok = Cli.run("run", "--mode", "reference", "--duration", "100ms", "--set", "lfb.pages=8", "--out", out.toString());
        assertEquals(ExitStatus.OK.code, ok.code(), ok.err());
        Path run = left().get(0);
        Cli r = Cli.run("shrink", run.toString(), "--time", "0s", "--out", out.toString());
        assertEquals(ExitStatus.BAD_INPUT.code, r.code(), r.err());
        assertEquals("dirtyvram: --time must be more than 0, got 0s", r.err().strip());
        assertEquals(1, left().size(), "no shrunk run written");
    }

    @Test
    void aRunWithNoRefreshInsideItIsInconclusive() throws Exception {
        Cli r = Cli.run("run", "--set", "harvest.interval=5s", "--duration", "100ms", "--mode", "reference", "--out", out.toString(), "--json");
        assertEquals(ExitStatus.INCONCLUSIVE.code, r.code(), r.err());
        assertTrue(r.err().contains("no periodic harvest fits in the run"), r.err());
        assertEquals("inconclusive", ConfigFactory.parseString(r.out()).getString("verdict"));
    }

    @Test
    void outThatIsAFileIsOneLine() throws Exception {
        Path file = Files.writeString(out.resolve("a-file"), "x");
        Cli r = Cli.run("run", "--out", file.toString());
        assertEquals(ExitStatus.BAD_INPUT.code, r.code(), r.err());
        assertEquals("dirtyvram: output directory " + file + " is a file", r.err().strip());
    }

    @Test
    void anUnquotedUrlInSetIsTheStringItSpells() throws Exception {
        // The URL is taken as it is; the run then asks that database, which is not there: one line about it, exit 2.
        Cli r = Cli.run("run", "--set", "journal=jdbc", "--set", "jdbc.url=jdbc:postgresql://127.0.0.1:1/db", "--out", out.toString());
        assertEquals(ExitStatus.BAD_INPUT.code, r.code(), r.err());
        assertTrue(r.err().contains("jdbc:postgresql://127.0.0.1:1/db"), "the URL as given, not a HOCON parse error: " + r.err());
        assertFalse(r.err().toLowerCase().contains("hocon") || r.err().contains("Expecting"), r.err());
    }

    @Test
    void aRunDirectoryAsAScenarioRepeatsTheRun() throws Exception {
        Cli first = Cli.run("run", "--mode", "reference", "--duration", "100ms", "--set", "lfb.pages=8", "--out", out.toString(), "--json");
        Path run = left().get(0);
        Cli again = Cli.run("run", "--scenario", run.toString(), "--out", out.resolve("again").toString(), "--json");
        assertEquals(ExitStatus.OK.code, again.code(), again.err());
        Config a = ConfigFactory.parseString(first.out());
        Config b = ConfigFactory.parseString(again.out());
        assertEquals(a.getString("digest"), b.getString("digest"));
        Path empty = Files.createDirectories(out.resolve("empty"));
        Cli none = Cli.run("run", "--scenario", empty.toString(), "--out", out.resolve("x").toString());
        assertEquals(ExitStatus.BAD_INPUT.code, none.code());
        assertTrue(none.err().contains("is a directory without a config.conf"), none.err());
    }

    @Test
    void replayNamesWhatIsMissingFromWhereARunIsRead() throws Exception {
        Cli r = Cli.run("replay", "some-run-id");
        assertEquals(ExitStatus.BAD_INPUT.code, r.code());
        assertTrue(r.err().contains("(a run id in PostgreSQL? give --jdbc-url)"), r.err());
        Cli ok = Cli.run("run", "--mode", "deterministic", "--duration", "100ms", "--set", "lfb.pages=8", "--vcpus", "2", "--out", out.toString());
        assertEquals(ExitStatus.OK.code, ok.code(), ok.err());
        Cli both = Cli.run("replay", left().get(0).toString(), "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/db");
        assertEquals(ExitStatus.BAD_INPUT.code, both.code());
        assertTrue(both.err().contains("is a run directory: read it without --jdbc-url"), both.err());
    }

    @Test
    void countsReadAsAReaderWritesThem() {
        assertEquals("1 run", Plural.of(1, "run"));
        assertEquals("2 VCPUs", Plural.of(2, "VCPU"));
    }

    /** A database that refuses is found before the benchmarks, not after minutes of them. */
    @Test
    void benchWithADatabaseThatRefusesSaysSoBeforeItsFigures() throws Exception {
        Cli r = Cli.run("bench", "--duration", "100ms", "--jdbc-url", "jdbc:postgresql://127.0.0.1:" + ClusterTest.freePort() + "/none");
        assertEquals(ExitStatus.BAD_INPUT.code, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, no benchmark done first: " + r.err());
        assertTrue(r.err().startsWith("dirtyvram: cannot use the database at "), r.err());
        assertEquals("", r.out());
    }

    /** The header names each cost by its key, so that a figure seen there is what --set changes. */
    @Test
    void theHeaderNamesTheCostsByTheirKeys() {
        Cli r = Cli.run("run", "--mode", "reference", "--duration", "50ms", "--set", "cost.page-walk=123", "--out", out.toString());
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        String header = r.out().lines().filter(l -> l.contains("cost (cycles")).findFirst().orElseThrow();
        for (String key : List.of("page-walk 123", "fault-vm-exit", "memcmp-per-kbyte", "sl1ma-per-frame", "device-model-refresh", "cycles-per-ns")) {
            assertTrue(header.contains(key), key + " in " + header);
        }
    }
}
