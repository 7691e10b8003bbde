package dev.dirtyvram.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.config.CountPolicy;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.config.TlbMode;
import dev.dirtyvram.domain.config.WorkloadKind;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.memory.MfnLayout;
import dev.dirtyvram.domain.oracle.RunSummary;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
/**
 * Every correct configuration of every strategy, random workload, 4 VCPUs, 1 000 seeds of short runs on a small,
 * hot LFB (every page fits the TLB, so stale entries are everywhere): never a lost update. The same harness finds
 * losses in a configuration known to be wrong, which shows it has teeth.
 */
class CorrectConfigurationsTest {
    private static final int SEEDS = 1_000;

    static Stream<Arguments> correct() {
        return Stream.of(
                Arguments.of("memcmp", base(StrategyId.MEMCMP)),
                Arguments.of("logdirty-wp", base(StrategyId.LOGDIRTY_WP)),
                Arguments.of("dbit-paused contiguous", base(StrategyId.DBIT_PAUSED)),
                Arguments.of("dbit-paused backwards", base(StrategyId.DBIT_PAUSED).mfnLayout(MfnLayout.BACKWARDS)),
                Arguments.of("linear-walk give-up", base(StrategyId.LINEAR_WALK)),
                Arguments.of("linear-walk assume-dirty", base(StrategyId.LINEAR_WALK).countPolicy(CountPolicy.ASSUME_DIRTY)),
                Arguments.of("sl1ma", base(StrategyId.SL1MA)),
                Arguments.of("hap with PML", base(StrategyId.HAP)),
                Arguments.of("hap without PML", base(StrategyId.HAP).hapPml(false)),
                // the flush after the unpause loses nothing: the window's stores are on pages that harvest reports
                Arguments.of("hap flush after unpause", base(StrategyId.HAP).hapFlushAfterUnpause(true)),
                Arguments.of("kvm-dirty-log", base(StrategyId.KVM_DIRTY_LOG)),
                Arguments.of("kvm-clear-log", base(StrategyId.KVM_CLEAR_LOG)),
                Arguments.of("kvm-dirty-ring", base(StrategyId.KVM_DIRTY_RING)),
                // a ring of 256 and a write rate that fills it between harvests: full exits all the time
                Arguments.of("kvm-dirty-ring full", base(StrategyId.KVM_DIRTY_RING).kvmRingSize(256).lfbPages(512).harvestIntervalNs(4_000_000)));
    }

    private static SimConfig.Builder base(StrategyId s) {
        return SimConfig.builder().strategy(s).vcpus(4).lfbPages(16).tlbCapacity(32)
                .workloads(List.of(WorkloadKind.RANDOM)).writeRate(150_000).vmExitRate(2_000)
                .harvestIntervalNs(1_000_000).durationNs(8_000_000).flushAfterClear(true).atomicClear(true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("correct")
    void neverLosesAnUpdate(String name, SimConfig.Builder b) {
        long writes = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            TlbMode tlb = seed % 2 == 0 ? TlbMode.TAGGED : TlbMode.UNTAGGED;
            RunSummary s = ReferenceDriver.run(b.seed(seed).tlbMode(tlb).build());
            assertTrue(s.complete());
            assertEquals(0, s.lostUpdates(), name + " seed " + seed + " " + tlb.id);
            writes += s.guestWrites();
        }
        assertTrue(writes > SEEDS * 1_000L, "the runs did store: " + writes);
    }

    @Test
    void theSameHarnessCatchesTheMissingFlush() {
        int losing = 0;
        for (int seed = 1; seed <= 50; seed++) {
            RunSummary s = ReferenceDriver.run(base(StrategyId.LINEAR_WALK).flushAfterClear(false)
                    .tlbMode(TlbMode.TAGGED).seed(seed).build());
            if (s.lostUpdates() > 0) losing++;
        }
        assertTrue(losing > 25, "linear-walk without flush on a tagged TLB loses on most seeds: " + losing + "/50");
    }
}
