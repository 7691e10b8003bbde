package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.bench.CpuHog;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
/** Every built-in scenario in every mode (the actor modes on the real LevelDB journal), judged by its own expectation. */
class ScenarioEndToEndTest {
    @TempDir
    Path out;

    static Stream<String> builtIns() {
        return new ScenarioLoader().builtIns().keySet().stream();
    }

    static Path onlyRun(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            List<Path> dirs = s.toList();
            assertEquals(1, dirs.size(), "one run directory");
            return dirs.get(0);
        }
    }

    /** Every built-in scenario in every mode; concurrent mode with two busy loops competing for the cores. */
    static Stream<Arguments> scenarioModes() {
        return builtIns().flatMap(s -> Stream.of("reference", "deterministic", "concurrent").map(m -> Arguments.of(s, m)));
    }

    @ParameterizedTest(name = "{0} in {1} mode")
    @MethodSource("scenarioModes")
    void keepsItsPromisesInEveryMode(String scenario, String mode) throws IOException {
        List<Process> hogs = new ArrayList<>();
        try {
            if (mode.equals("concurrent")) for (int i = 0; i < 2; i++) hogs.add(CpuHog.start());
            Cli r = Cli.run("run", "--scenario", scenario, "--mode", mode, "--out", out.toString(), "--json");
            assertEquals(ExitStatus.OK.code, r.code(), r.err());
        } finally {
            hogs.forEach(Process::destroyForcibly);
        }
        Path run = onlyRun(out);
        assertTrue(Files.isRegularFile(run.resolve(RunDirectory.CONFIG)));
        Config summary = ConfigFactory.parseFile(run.resolve(RunDirectory.SUMMARY).toFile());
        assertEquals("expectation met", summary.getString("verdict"));
        assertTrue(summary.getBoolean("complete"));
        assertTrue(summary.getDouble("achievedStoreRatio") >= 0.9, "stores as configured");
        assertTrue(summary.getDouble("achievedHarvestRatio") >= 0.9, "harvests as configured");
        if (!mode.equals("reference")) {
            assertTrue(summary.getLong("eventsPersisted") > 0);
            assertTrue(summary.getLong("journalBytes") > 0);
            try (Stream<Path> journal = Files.list(run.resolve(RunDirectory.JOURNAL))) {
                assertTrue(journal.anyMatch(p -> p.getFileName().toString().endsWith(".log") || p.getFileName().toString().endsWith(".ldb")),
                        "LevelDB files in the journal directory");
            }
        }
        if (scenario.equals("svm-no-flush")) assertTrue(summary.getLong("lostUpdates") > 0);
        if (List.of("default", "vpid-flush", "memcmp-baseline").contains(scenario)) {
            assertEquals(0, summary.getLong("lostUpdates"));
        }
    }

    @Test
    void theIndexListsEveryScenarioFile() throws IOException {
        Path dir = Path.of("src/main/resources/scenarios");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
            assertEquals(onDisk, builtIns().toList());
        }
    }

    @Test
    void aRunsConfigRepeatsIt() throws IOException {
        assertEquals(ExitStatus.OK.code, Cli.run("run", "--scenario", "default", "--mode", "reference", "--duration", "200ms",
                "--seed", "42", "--out", out.resolve("a").toString(), "--json").code());
        Path first = onlyRun(out.resolve("a"));
        assertEquals(ExitStatus.OK.code, Cli.run("run", "--scenario", first.resolve(RunDirectory.CONFIG).toString(),
                "--out", out.resolve("b").toString(), "--json").code());
        Path second = onlyRun(out.resolve("b"));
        Config a = ConfigFactory.parseFile(first.resolve(RunDirectory.SUMMARY).toFile());
        Config b = ConfigFactory.parseFile(second.resolve(RunDirectory.SUMMARY).toFile());
        assertEquals(42, b.getLong("seed"));
        assertEquals(a.getString("digest"), b.getString("digest"), "the reference driver is a function of config and seed");
    }
}
