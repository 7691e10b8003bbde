package dev.dirtyvram.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.config.GuestEvent;
import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.config.TlbMode;
import dev.dirtyvram.domain.config.WorkloadKind;
import dev.dirtyvram.domain.driver.Domain;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import java.util.List;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
/** The facts are enough to rebuild the run: folding them gives back every sl1e word and every frame's content. */
class FoldRebuildsTheMachineTest {
    @ParameterizedTest
    @EnumSource(StrategyId.class)
    void theFoldsImageIsTheMachinesMemory(StrategyId strategy) {
        for (boolean atomic : new boolean[] {true, false}) check(strategy, atomic);
    }

    private static void check(StrategyId strategy, boolean atomic) {
        SimConfig cfg = SimConfig.builder().strategy(strategy).vcpus(3).lfbPages(64).tlbCapacity(16)
                .tlbMode(TlbMode.UNTAGGED).atomicClear(atomic).harvestIntervalNs(1_000_000).durationNs(20_000_000)
                .writeRate(300_000).vmExitRate(1_000).sl1maIdleDropNs(3_000_000)
                .workloads(List.of(WorkloadKind.RANDOM, WorkloadKind.SCROLL, WorkloadKind.CURSOR))
                .events(List.of(new GuestEvent(2_000_000, GuestEventKind.ALIAS_MAP, 0, 8, 0),
                        new GuestEvent(5_000_000, GuestEventKind.REMAP, 10, 2, 0),
                        new GuestEvent(8_000_000, GuestEventKind.SHADOW_TEARDOWN, 0, 0, 0),
                        new GuestEvent(11_000_000, GuestEventKind.ALIAS_UNMAP, 0, 8, 0),
                        new GuestEvent(12_000_000, GuestEventKind.LONG_IDLE, 0, 0, 4_000_000)))
                .seed(11).build();
        ReferenceDriver driver = new ReferenceDriver(cfg, null);
        assertTrue(driver.run((DoubleConsumer) null).complete());
        Domain d = driver.domain();
        for (int vpn = 0; vpn < d.vl.virtualPages(); vpn++) {
            assertEquals(d.mem.peekSl1e(vpn), d.fold.sl1e(vpn), "sl1e of vpn " + vpn + ", atomic clear " + atomic);
        }
        for (int mfn = 0; mfn < d.p2m.maxMfn(); mfn++) {
            assertEquals(d.mem.peekFrame(mfn), d.fold.frame(mfn), "content of mfn " + mfn);
        }
    }
}
