package dev.dirtyvram.simulations.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's id says which point of a sweep it is: the knobs that differ from its scenario's. */
class RunIdTest {
    @Test
    void namesTheKnobsASweepVariedAndNothingForTheScenarioAsItIs() {
        ScenarioLoader loader = new ScenarioLoader();
        String plain = ScenarioRun.runId(loader.load("default", List.of(Setting.of("seed", 2))));
        assertTrue(plain.matches("default-linear-walk-s2-\\d{8}-\\d{6}"), plain);
        String point = ScenarioRun.runId(loader.load("default", Setting.parseAll(List.of("seed=2", "harvest.interval=10ms", "tlb.mode=untagged",
                "strategy=\"sl1ma\"", "duration=1s"))));
        assertTrue(point.matches("default-sl1ma-s2-10ms-untagged-\\d{8}-\\d{6}"), point);
    }
}
