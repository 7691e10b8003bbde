package dev.dirtyvram.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.config.Schedule;
import dev.dirtyvram.domain.config.SchedulePolicy;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.config.WorkloadKind;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.schedule.Scheduler;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
/** The scheduling seam: what each policy does with the candidates it is offered. */
class SchedulerTest {
    private static final Schedule DEPTH_3 = new Schedule(SchedulePolicy.PCT, 3, 0, 2048, 512, 0, "", 0, 0);

    @Test
    void pctRunsTheHighestPriorityAgentUntilAChangePointDemotesIt() {
        int[] agents = {0, 1, 2, 3};
        Scheduler pct = Scheduler.create(DEPTH_3, SchedulePolicy.PCT, 7, 2, 4, 100);
        int first = agents[pct.choose(agents, 4)];
        int switches = 0;
        int last = first;
        for (int step = 1; step < 200; step++) {
            int now = agents[pct.choose(agents, 4)];
            if (now != last) switches++;
            last = now;
        }
        assertTrue(switches >= 1 && switches <= 2, "d - 1 = 2 change points, each demoting the agent running: " + switches);
        assertNotEquals(first, last, "the agent that ran first was demoted");
    }

    @Test
    void pctWithDepthOneNeverChangesItsMind() {
        Scheduler pct = Scheduler.create(new Schedule(SchedulePolicy.PCT, 1, 0, 1, 1, 0, "", 0, 0), SchedulePolicy.PCT, 3, 2, 4, 10);
        int[] agents = {3, 1, 0};
        int first = pct.choose(agents, 3);
        for (int i = 0; i < 100; i++) assertEquals(first, pct.choose(agents, 3));
    }

    @Test
    void posRedrawsTheStepsThatRaceWithTheOneJustRun() {
        // Two VCPUs (hardware) and the hypervisor: after a VCPU runs, the hypervisor's priority is drawn anew, so
        // over many steps every candidate gets its turn; a uniform choice among one candidate is that candidate.
        Scheduler pos = Scheduler.create(DEPTH_3, SchedulePolicy.POS, 11, 2, 4, 0);
        int[] agents = {0, 1, 2};
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) seen.add(agents[pos.choose(agents, 3)]);
        assertEquals(Set.of(0, 1, 2), seen);
        assertEquals(0, pos.choose(new int[] {2}, 1));
    }

    @Test
    void portfolioRotatesThroughTheThreePoliciesBySeed() {
        Set<SchedulePolicy> used = new HashSet<>();
        for (long seed = 0; seed < 3; seed++) used.add(SchedulePolicy.PORTFOLIO.forSeed(seed));
        assertEquals(Set.of(SchedulePolicy.UNIFORM, SchedulePolicy.PCT, SchedulePolicy.POS), used);
        assertEquals(SchedulePolicy.POS, SchedulePolicy.POS.forSeed(0));
    }

    @Test
    void everyPolicyGivesTheReferenceDriverOneTimelinePerSeed() {
        for (SchedulePolicy p : SchedulePolicy.values()) {
            SimConfig c = Fixtures.small(StrategyId.LINEAR_WALK).vcpus(3).lfbPages(8).durationNs(50_000_000L)
                    .workloads(List.of(WorkloadKind.RANDOM)).vmExitRate(1000)
                    .schedule(new Schedule(p, 3, 0, 2048, 512, 0, "", 0, 0)).build();
            assertEquals(ReferenceDriver.run(c).digest(), ReferenceDriver.run(c).digest(), p.id());
        }
    }
}
