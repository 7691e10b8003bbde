package dev.dirtyvram.domain.config;

import dev.dirtyvram.domain.cost.CostModel;
import dev.dirtyvram.domain.memory.MfnLayout;
import java.util.List;

/**
 * Everything a run is a pure function of (with the seed). Times are nanoseconds of guest time.
 *
 * @param writeRate      guest stores per second per VCPU (virtual time; concurrent mode runs as fast as it can)
 * @param vmExitRate     timer VM exits per second per VCPU
 * @param sl1maIdleDropNs sl1ma drops write access after the LFB stayed clean this long (Xen: 2 s)
 * @param workloads      assigned to VCPUs round-robin
 */
public record SimConfig(int vcpus, StrategyId strategy, int lfbPages, MfnLayout mfnLayout, TlbMode tlbMode,
                        int tlbCapacity, boolean flushAfterClear, boolean atomicClear, CountPolicy countPolicy,
                        long harvestIntervalNs, long durationNs, long seed, long writeRate, long vmExitRate,
                        long sl1maIdleDropNs, List<WorkloadKind> workloads, List<GuestEvent> events,
                        CostModel cost) {

    public static final int MAX_VCPUS = 128;
    public static final int MAX_LFB_PAGES = 1 << 16;

    public SimConfig {
        workloads = List.copyOf(workloads);
        events = List.copyOf(events);
    }

    /** Throws {@link IllegalArgumentException} with one line naming the first value out of range. */
    public SimConfig validate() {
        check(vcpus >= 1 && vcpus <= MAX_VCPUS, "vcpus must be 1.." + MAX_VCPUS + ", got " + vcpus);
        check(lfbPages >= 1 && lfbPages <= MAX_LFB_PAGES, "lfb.pages must be 1.." + MAX_LFB_PAGES + ", got " + lfbPages);
        check(tlbCapacity >= 1 && tlbCapacity <= 65536, "tlb.capacity must be 1..65536, got " + tlbCapacity);
        check(harvestIntervalNs >= 100_000, "harvest.interval must be at least 100us, got " + harvestIntervalNs + "ns");
        check(durationNs > 0 && durationNs <= 3_600_000_000_000L, "duration must be in (0, 1h], got " + durationNs + "ns");
        check(writeRate >= 1 && writeRate <= 100_000_000L, "guest.write-rate must be 1..100000000 per second, got " + writeRate);
        check(vmExitRate >= 0 && vmExitRate <= 1_000_000L, "guest.vm-exit-rate must be 0..1000000 per second, got " + vmExitRate);
        check(sl1maIdleDropNs > 0, "harvest.sl1ma-idle-drop must be positive");
        check(!workloads.isEmpty(), "workload must name at least one workload");
        check(cost.cyclesPerNs() >= 1, "cost.cycles-per-ns must be at least 1");
        for (GuestEvent e : events) {
            check(e.atNs() >= 0 && e.atNs() < durationNs, "event " + e.kind().id + " at " + e.atNs() + "ns is outside the run");
            check(e.first() >= 0 && e.count() >= 0 && (long) e.first() + e.count() <= lfbPages,
                    "event " + e.kind().id + " pages [" + e.first() + ", " + (e.first() + e.count()) + ") outside the LFB of " + lfbPages + " pages");
        }
        return this;
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    public WorkloadKind workloadOf(int vcpu) {
        return workloads.get(vcpu % workloads.size());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.vcpus = vcpus; b.strategy = strategy; b.lfbPages = lfbPages; b.mfnLayout = mfnLayout; b.tlbMode = tlbMode;
        b.tlbCapacity = tlbCapacity; b.flushAfterClear = flushAfterClear; b.atomicClear = atomicClear;
        b.countPolicy = countPolicy; b.harvestIntervalNs = harvestIntervalNs; b.durationNs = durationNs; b.seed = seed;
        b.writeRate = writeRate; b.vmExitRate = vmExitRate; b.sl1maIdleDropNs = sl1maIdleDropNs;
        b.workloads = workloads; b.events = events; b.cost = cost;
        return b;
    }

    /** Defaults are the `default` scenario's: 4 VCPUs, linear-walk with flush, 30 ms, 8 MiB LFB. */
    public static final class Builder {
        private int vcpus = 4;
        private StrategyId strategy = StrategyId.LINEAR_WALK;
        private int lfbPages = 2048;
        private MfnLayout mfnLayout = MfnLayout.CONTIGUOUS;
        private TlbMode tlbMode = TlbMode.TAGGED;
        private int tlbCapacity = 64;
        private boolean flushAfterClear = true;
        private boolean atomicClear = true;
        private CountPolicy countPolicy = CountPolicy.GIVE_UP;
        private long harvestIntervalNs = 30_000_000L;
        private long durationNs = 1_000_000_000L;
        private long seed = 1;
        private long writeRate = 200_000;
        private long vmExitRate = 250;
        private long sl1maIdleDropNs = 2_000_000_000L;
        private List<WorkloadKind> workloads = List.of(WorkloadKind.RANDOM, WorkloadKind.SCROLL);
        private List<GuestEvent> events = List.of();
        private CostModel cost = CostModel.defaults();

        public Builder vcpus(int v) { vcpus = v; return this; }
        public Builder strategy(StrategyId v) { strategy = v; return this; }
        public Builder lfbPages(int v) { lfbPages = v; return this; }
        public Builder mfnLayout(MfnLayout v) { mfnLayout = v; return this; }
        public Builder tlbMode(TlbMode v) { tlbMode = v; return this; }
        public Builder tlbCapacity(int v) { tlbCapacity = v; return this; }
        public Builder flushAfterClear(boolean v) { flushAfterClear = v; return this; }
        public Builder atomicClear(boolean v) { atomicClear = v; return this; }
        public Builder countPolicy(CountPolicy v) { countPolicy = v; return this; }
        public Builder harvestIntervalNs(long v) { harvestIntervalNs = v; return this; }
        public Builder durationNs(long v) { durationNs = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder writeRate(long v) { writeRate = v; return this; }
        public Builder vmExitRate(long v) { vmExitRate = v; return this; }
        public Builder sl1maIdleDropNs(long v) { sl1maIdleDropNs = v; return this; }
        public Builder workloads(List<WorkloadKind> v) { workloads = v; return this; }
        public Builder events(List<GuestEvent> v) { events = v; return this; }
        public Builder cost(CostModel v) { cost = v; return this; }

        public SimConfig build() {
            return new SimConfig(vcpus, strategy, lfbPages, mfnLayout, tlbMode, tlbCapacity, flushAfterClear,
                    atomicClear, countPolicy, harvestIntervalNs, durationNs, seed, writeRate, vmExitRate,
                    sl1maIdleDropNs, workloads, events, cost);
        }
    }
}
