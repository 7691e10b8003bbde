package dev.dirtyvram.simulations.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's grid and report without the command line. */
class SweepGridTest {
    private final ScenarioLoader loader = new ScenarioLoader();

    @Test
    void everyCombinationTimesTheSeedsEachResolvedWithItsSeriesAndX() {
        SweepGrid g = SweepGrid.of(loader, "default", List.of("interval=10ms,30ms", "strategy=linear-walk,sl1ma"),
                List.of(Setting.of("vcpus", 2)), 3, "200ms");
        assertEquals(12, g.jobs().size());
        assertEquals(4, g.points());
        assertEquals("harvest.interval", g.xKey());
        SweepGrid.Job j = g.jobs().get(4); // 10ms x sl1ma, seed 2
        assertEquals(Map.of("harvest.interval", "10ms", "strategy", "sl1ma"), j.knobs());
        assertEquals(2, j.seed());
        assertEquals("sl1ma", j.series(), "a series is the knobs but the interval");
        assertEquals("10ms", j.x());
        assertEquals(StrategyId.SL1MA, j.scenario().cfg().strategy());
        assertEquals(10_000_000L, j.scenario().cfg().harvestIntervalNs());
        assertEquals(2, j.scenario().cfg().vcpus(), "--set reaches every run");
        assertEquals(200_000_000L, j.scenario().cfg().durationNs());
        assertEquals("deterministic", j.scenario().resolved().getString("mode"));
        assertEquals(List.of(1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3), g.jobs().stream().map(SweepGrid.Job::seed).toList());
    }

    @Test
    void withoutTheIntervalTheFirstKnobVariedIsTheAxisAndAliasesAreItsKeys() {
        SweepGrid g = SweepGrid.of(loader, "default", List.of("tlb=tagged,untagged", "flush=on,off"), List.of(), 1, null);
        assertEquals("tlb.mode", g.xKey());
        assertEquals(List.of("tagged", "tagged", "untagged", "untagged"), g.jobs().stream().map(SweepGrid.Job::x).toList());
        assertEquals(List.of("harvest.flush-after-clear=on", "harvest.flush-after-clear=off"),
                g.jobs().stream().map(SweepGrid.Job::line).distinct().toList());
    }

    @Test
    void aGridThatCannotBeRunAsAskedIsRefusedBeforeAnyRun() {
        for (String bad : List.of("mode=reference", "duration=1s", "seed=1,2", "interval=10ms,10ms", "interval", "strategy=nope")) {
            assertThrows(BadInputException.class, () -> SweepGrid.of(loader, "default", List.of(bad), List.of(), 1, null), bad);
        }
        assertThrows(BadInputException.class, () -> SweepGrid.of(loader, "default", List.of("interval=10ms", "interval=20ms"), List.of(), 1, null));
    }

    @Test
    void theCsvHasPlainDecimalsAndTheTablesEndWithTheRecommendation(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("sweep.csv");
        SweepReport.writeCsv(csv, List.of(Map.of("cost", 1.3146767E7, "p99", 0.000123, "runs", 3L)));
        String text = Files.readString(csv);
        assertTrue(text.contains("13146767") && text.contains("0.000123") && !text.contains("E7") && !text.contains("E-"), text);

        List<Recommendation.Point> points = Recommendation.aggregate(List.of(
                new Recommendation.Run("sl1ma", 10_000_000L, 0, 12_000_000L, 5_000_000L, 2_000.0, 0.5, "sl1ma", "10ms", 1000),
                new Recommendation.Run("sl1ma", 30_000_000L, 0, 35_000_000L, 15_000_000L, 900.0, 0.2, "sl1ma", "30ms", 1000),
                new Recommendation.Run("sl1ma", 60_000_000L, 0, 70_000_000L, 30_000_000L, 500.0, 0.1, "sl1ma", "60ms", 1000)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SweepReport.printTables(new PrintStream(bytes, true, StandardCharsets.UTF_8), points, 50_000_000L, 1.0, dir, List.of());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("best for sl1ma: 30ms"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("recommendation: sl1ma at a 30ms harvest interval")), out);
        List<String> verdicts = out.lines().map(String::trim).filter(l -> l.matches("\\d+ms .*"))
                .map(l -> l.substring(0, l.indexOf(' ')) + " " + l.substring(l.lastIndexOf(' ') + 1)).toList();
        assertEquals(List.of("10ms yes", "30ms yes", "60ms no"), verdicts, "p99 against the 50ms target, row by row");
    }
}
