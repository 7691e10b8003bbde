package dev.dirtyvram.simulations.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The swarm's draws without the command line. */
class SwarmTest {
    private final ScenarioLoader loader = new ScenarioLoader();

    @Test
    void aSeedDrawsTheSameConfigurationEveryTimeAndEveryDrawIsOneTheProgramTakes() {
        Scenario base = loader.load("default", List.of(Setting.of("duration", "500ms")));
        var envelope = base.resolved().getConfig("swarm");
        assertEquals(Swarm.draw(42, envelope, true, base.cfg().durationNs()), Swarm.draw(42, envelope, true, base.cfg().durationNs()));
        Set<Integer> vcpus = new HashSet<>();
        Set<Integer> pages = new HashSet<>();
        int withEvents = 0;
        for (long seed = 1; seed <= 200; seed++) {
            List<Setting> o = new ArrayList<>(List.of(Setting.of("duration", "500ms"), Setting.of("seed", seed)));
            o.addAll(Swarm.draw(seed, envelope, seed % 2 == 0, base.cfg().durationNs()));
            Scenario s = loader.load("default", o); // a draw the loader refuses would be bad input in the middle of a hunt
            vcpus.add(s.cfg().vcpus());
            pages.add(s.cfg().lfbPages());
            if (!s.cfg().events().isEmpty()) withEvents++;
            assertEquals(s.cfg().vcpus(), s.cfg().workloads().size(), "a workload a VCPU");
        }
        assertEquals(Set.of(1, 2, 3, 4), vcpus, "every VCPU count of the envelope drawn");
        assertTrue(pages.size() >= 5, "pages drawn across the envelope: " + pages);
        assertTrue(withEvents > 100 && withEvents < 200, "some runs with scripted events, some without: " + withEvents);
        assertNotEquals(Swarm.draw(1, envelope, false, base.cfg().durationNs()), Swarm.draw(2, envelope, false, base.cfg().durationNs()));
    }

    @Test
    void aScenarioNarrowsTheEnvelope() {
        Scenario base = loader.load("default", Setting.parseAll(List.of("swarm.vcpus=[2]", "swarm.events=0", "swarm.window=[100us]")));
        for (long seed = 1; seed <= 50; seed++) {
            List<Setting> o = Swarm.draw(seed, base.resolved().getConfig("swarm"), false, base.cfg().durationNs());
            assertTrue(o.contains(Setting.of("vcpus", 2)) && o.contains(Setting.of("schedule.window", "100us"))
                    && o.contains(Setting.of("events", "[]")), o.toString());
        }
    }
}
