package dev.dirtyvram.simulations.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.SimConfigReader;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shrinking algorithms on their own, against failures defined by a predicate: no run, no command line. */
class ShrinkersTest {
    @Test
    void theChoiceShrinkerKeepsTheChoiceTheFailureNeedsAndZeroesTheRest() {
        int[] recorded = {2, 1, 3, 2, 1, 1, 2, 3, 1, 2, 2, 1};
        // The failure needs choice 5 to be 1 (whatever comes before), and nothing else.
        ChoiceShrinker.Result r = ChoiceShrinker.shrink(recorded, c -> c.length > 5 && c[5] == 1, () -> true);
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1}, r.script());
        assertEquals(1, r.nonDefault());
        assertTrue(r.tried() > 1);
    }

    @Test
    void aFailureTheChoicesDoNotReproduceKeepsNoScript() {
        ChoiceShrinker.Result r = ChoiceShrinker.shrink(new int[] {1, 2}, c -> false, () -> true);
        assertNull(r.script());
        assertEquals(1, r.tried());
    }

    @Test
    void aFailureThatNeedsNoChoiceShrinksToNone() {
        ChoiceShrinker.Result r = ChoiceShrinker.shrink(new int[] {1, 2, 3}, c -> true, () -> true);
        assertArrayEquals(new int[0], r.script());
        assertEquals(0, r.nonDefault());
    }

    private static final SimConfig DEFAULT = SimConfigReader.defaultConfig();

    private static final ScenarioLoader LOADER = new ScenarioLoader();

    /** The configuration a list of overrides makes of the default scenario (null when it is none). */
    private static SimConfig apply(List<Setting> overrides) {
        try {
            return LOADER.load("default", overrides).cfg();
        } catch (BadInputException e) {
            return null;
        }
    }

    @Test
    void theConfigShrinkerTakesEveryStepThatStillFailsAndStopsAtTheSmallest() {
        // Fails while there are at least 2 VCPUs and 3 pages: the shrinker ends at the smallest of its steps that does.
        List<List<Setting>> kept = new ArrayList<>();
        ConfigShrinker.Result<SimConfig> r = ConfigShrinker.shrink(List.of(), DEFAULT, DEFAULT, attempt -> {
            SimConfig c = apply(attempt);
            return c != null && c.vcpus() >= 2 && c.lfbPages() >= 3 ? new ConfigShrinker.Kept<>(c, c) : null;
        }, () -> true, kept::add);
        assertEquals(2, r.best().vcpus());
        assertEquals(4, r.best().lfbPages(), "pages go 1, 2, 4 or half: 2 no longer fails: " + r.kept());
        assertTrue(r.best().durationNs() < DEFAULT.durationNs(), "the duration halves while a harvest still fits");
        assertEquals(r.kept().size() > 0, !kept.isEmpty());
        assertTrue(r.tried() >= kept.size());
    }

    @Test
    void theConfigShrinkerStopsWhenTimeIsUp() {
        ConfigShrinker.Result<SimConfig> r = ConfigShrinker.shrink(List.of(Setting.of("seed", 1)), DEFAULT, DEFAULT,
                attempt -> new ConfigShrinker.Kept<>(apply(attempt), apply(attempt)), () -> false, c -> { });
        assertEquals(List.of(Setting.of("seed", 1)), r.kept());
        assertEquals(0, r.tried());
    }

    @Test
    void huntTallyIntervalsBracketTheRate() {
        double[] none = HuntTally.wilson(0, 100);
        assertEquals(0, none[0], 1e-12);
        assertTrue(none[1] > 0.02 && none[1] < 0.05, "0 of 100: about 3.7 % at most");
        double[] half = HuntTally.wilson(50, 100);
        assertTrue(half[0] < 0.5 && half[1] > 0.5 && half[1] - half[0] < 0.25);
    }
}
