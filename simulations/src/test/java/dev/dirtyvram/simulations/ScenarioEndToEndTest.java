package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in scenario through the actors and the real LevelDB journal, judged by its own expectation. */
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtIns")
    void meetsItsExpectation(String scenario) throws IOException {
        assertEquals(Main.OK, Main.execute("run", "--scenario", scenario, "--out", out.toString(), "--json"));
        Path run = onlyRun(out);
        assertTrue(Files.isRegularFile(run.resolve(RunDirectory.CONFIG)));
        assertTrue(Files.isRegularFile(run.resolve(RunDirectory.SUMMARY)));
        try (Stream<Path> journal = Files.list(run.resolve(RunDirectory.JOURNAL))) {
            assertTrue(journal.anyMatch(p -> p.getFileName().toString().endsWith(".log") || p.getFileName().toString().endsWith(".ldb")),
                    "LevelDB files in the journal directory");
        }
        Config summary = ConfigFactory.parseFile(run.resolve(RunDirectory.SUMMARY).toFile());
        assertTrue(summary.getBoolean("complete"));
        assertTrue(summary.getLong("eventsPersisted") > 0);
        assertTrue(summary.getLong("journalBytes") > 0);
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
        assertEquals(Main.OK, Main.execute("run", "--scenario", "default", "--mode", "reference", "--duration", "200ms",
                "--seed", "42", "--out", out.resolve("a").toString(), "--json"));
        Path first = onlyRun(out.resolve("a"));
        assertEquals(Main.OK, Main.execute("run", "--scenario", first.resolve(RunDirectory.CONFIG).toString(),
                "--out", out.resolve("b").toString(), "--json"));
        Path second = onlyRun(out.resolve("b"));
        Config a = ConfigFactory.parseFile(first.resolve(RunDirectory.SUMMARY).toFile());
        Config b = ConfigFactory.parseFile(second.resolve(RunDirectory.SUMMARY).toFile());
        assertEquals(42, b.getLong("seed"));
        assertEquals(a.getString("digest"), b.getString("digest"), "the reference driver is a function of config and seed");
    }
}
