package dev.dirtyvram.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.config.GuestEvent;
import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.config.WorkloadKind;
import dev.dirtyvram.domain.driver.Domain;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.oracle.Achievement;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.domain.schedule.SeedTree;
import dev.dirtyvram.domain.workload.GuestProgram;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one guest program both drivers run: its pacing, idle, catch-up and seeding. */
class GuestProgramTest {
    private static final long MS = 1_000_000L;

    private static SimConfig cfg(WorkloadKind w, long rate) {
        return Fixtures.small(StrategyId.MEMCMP).vcpus(1).lfbPages(64).workloads(List.of(w)).writeRate(rate)
                .durationNs(1_000 * MS).build().validate();
    }

    private static GuestProgram program(SimConfig cfg, Domain d) {
        return new GuestProgram(cfg, SeedTree.of(cfg), 0, d.vcpus[0], d.vl, d.gpt, 1);
    }

    /** Steps the program as a driver that checks in every {@code everyNs} would, faults fixed at once. */
    private static long storesUntil(GuestProgram p, Domain d, long from, long until, long everyNs) {
        long stores = 0;
        for (long now = from; now <= until; now += everyNs) {
            while (p.nextAt() <= now) {
                GuestProgram.Step s = p.step(now);
                if (s == GuestProgram.Step.STORE) stores++;
                if (s == GuestProgram.Step.FAULT) p.faultHandled(d.hv.shPageFault(0, p.pendingVpn(), p.pendingIsWrite()), now);
            }
        }
        return stores;
    }

    @Test
    void storesAtItsRateWhetherSteppedOftenOrInBursts() {
        SimConfig c = cfg(WorkloadKind.RANDOM, 100_000);
        Domain fine = new Domain(c, null);
        Domain coarse = new Domain(c, null);
        long a = storesUntil(program(c, fine), fine, 0, 100 * MS, 1_000);
        long b = storesUntil(program(c, coarse), coarse, 0, 100 * MS, MS);
        assertEquals(10_000, a, 300, "100 ms at 100 000 stores/s");
        assertEquals(a, b, 100, "a driver checking in every millisecond catches up what was due");
    }

    @Test
    void idleTimeEarnsNoCredit() {
        SimConfig c = cfg(WorkloadKind.CURSOR, 100_000);
        Domain d = new Domain(c, null);
        GuestProgram p = program(c, d);
        storesUntil(p, d, 0, 10 * MS, MS);
        p.idleUntil(60 * MS);
        assertEquals(0, storesUntil(p, d, 10 * MS + 1, 59 * MS, MS), "nothing while idle");
        assertTrue(p.nextAt() >= 60 * MS, "the schedule resumes at the idle's end");
        long after = storesUntil(p, d, 60 * MS, 70 * MS, MS);
        assertEquals(1_000, after, 100, "10 ms after the idle at the rate, no burst to make up for it");
    }

    @Test
    void aStallLongerThanTheCatchUpWindowGivesUpTheStoresBeforeIt() {
        SimConfig c = cfg(WorkloadKind.RANDOM, 100_000);
        Domain d = new Domain(c, null);
        GuestProgram p = program(c, d);
        long stall = 100 * MS;
        long stores = storesUntil(p, d, stall, stall, 1);
        long window = GuestProgram.MAX_LAG_NS / MS * 100;
        assertEquals(window, stores, window / 10, "only the last " + GuestProgram.MAX_LAG_NS / MS + " ms are caught up");
    }

    @Test
    void theSameSeedGivesTheSameGuestAndAnotherSeedAnother() {
        SimConfig c = cfg(WorkloadKind.RANDOM, 100_000);
        assertEquals(pages(c), pages(c));
        assertTrue(!pages(c).equals(pages(c.toBuilder().seed(2).build())));
    }

    /** The frames of the first 500 stores. */
    private static List<Integer> pages(SimConfig c) {
        List<Integer> out = new ArrayList<>();
        Domain d = new Domain(c, new FactSink() {
            @Override
            public void op(int actor, Op kind, int target, long value, long lseq, long time) {
                if (kind.isGuestWrite()) out.add(target);
            }

            @Override
            public void harvest(HarvestCompleted h) { }
        });
        storesUntil(program(c, d), d, 0, 5 * MS, 1_000);
        return out;
    }

    @Test
    void eachWorkloadIsConfiguredAtItsOwnRateAndIdleTimeIsLeftOut() {
        SimConfig c = SimConfig.builder().vcpus(4).lfbPages(2048).writeRate(2_000).durationNs(2_000 * MS)
                .workloads(List.of(WorkloadKind.CURSOR, WorkloadKind.IDLE, WorkloadKind.VIDEO, WorkloadKind.IDLE))
                .events(List.of(new GuestEvent(500 * MS, GuestEventKind.LONG_IDLE, 0, 0, 500 * MS))).build().validate();
        assertEquals(0, GuestProgram.storesPerSecond(c, 1));
        assertEquals(2_000, GuestProgram.storesPerSecond(c, 2), "video capped by the write rate");
        assertEquals(1_500 * MS, GuestProgram.activeNs(c));
        assertEquals(Math.round(4_000 * 1.5), GuestProgram.configuredStores(c));
        SimConfig fast = c.toBuilder().writeRate(200_000).build();
        assertEquals(512 * 30.0, GuestProgram.storesPerSecond(fast, 2), 1, "video: a quarter of the screen 30 times a second");
    }

    @Test
    void theReferenceDriverDoesWhatItWasConfiguredToDo() {
        SimConfig c = SimConfig.builder().vcpus(2).lfbPages(256).durationNs(300 * MS)
                .workloads(List.of(WorkloadKind.RANDOM, WorkloadKind.VIDEO))
                .events(List.of(new GuestEvent(100 * MS, GuestEventKind.LONG_IDLE, 0, 0, 100 * MS))).build().validate();
        RunSummary s = ReferenceDriver.run(c);
        Achievement a = Achievement.of(c, s);
        assertEquals(1.0, a.achievedStoreRatio(), 0.05);
        assertEquals(1.0, a.achievedHarvestRatio(), 0.0001);
        assertTrue(a.shortfalls().isEmpty());
    }

    @Test
    void aShortRunNamesItsShortfall() {
        SimConfig c = cfg(WorkloadKind.RANDOM, 100_000);
        RunSummary none = new RunSummary(0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true, "");
        Achievement a = Achievement.of(c, none);
        assertEquals(100_000, a.configuredStores());
        assertEquals(33, a.configuredHarvests(), "a refresh every 30 ms inside 1 s");
        assertEquals(List.of("stores 0% of the 100000 configured", "harvests 0% of the 33 configured"), a.shortfalls());
    }
}
