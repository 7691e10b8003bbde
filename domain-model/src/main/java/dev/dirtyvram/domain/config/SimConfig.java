package dev.dirtyvram.domain.config;

import dev.dirtyvram.domain.cost.CostModel;
import dev.dirtyvram.domain.memory.MfnLayout;
import java.util.List;
import java.util.Objects;
/**
 * Everything a run is a pure function of (with the seed). Times are nanoseconds of guest time. Built by name
 * ({@link #builder()}, which starts from the defaults in {@code dirtyvram-defaults.conf}); each component is the
 * configuration key of the same name.
 *
 * @param writeRate      guest stores per second per VCPU (virtual time; concurrent mode runs as fast as it can)
 * @param vmExitRate     timer VM exits per second per VCPU
 * @param sl1maIdleDropNs sl1ma drops write access after the LFB stayed clean this long (Xen: 2 s)
 * @param kvmRingSize    kvm-dirty-ring: entries of each VCPU's dirty ring ({@code dirty-ring-size} of QEMU's KVM accelerator)
 * @param kvmWpBeforeSwap kvm-dirty-log: write-protect a word's pages before swapping the word out (the bug Tsirkin fixed)
 * @param kvmUnlockBeforeFlush kvm-dirty-log, kvm-clear-log: the harvest drops the MMU lock before its flush (as KVM does today)
 * @param hapPml         hap: Page-Modification Logging (off: a write to a logdirty page is an EPT violation)
 * @param hapDrainPml    hap: a harvest drains every VCPU's PML log first (off: the 2015 fix, 3a7a0ae0cc, undone)
 * @param hapFlushAfterUnpause hap: the harvest lets the VCPUs run before its flush (the INVEPT comes too late)
 * @param hapCopyOutFailsEvery hap: every this many harvests, the copy of the bitmap out fails (0: never)
 * @param workloads      assigned to VCPUs round-robin
 */
public record SimConfig(int vcpus, StrategyId strategy, int lfbPages, MfnLayout mfnLayout, TlbMode tlbMode,
                        int tlbCapacity, boolean flushAfterClear, boolean atomicClear, CountPolicy countPolicy,
                        long harvestIntervalNs, long durationNs, long seed, long writeRate, long vmExitRate,
                        long sl1maIdleDropNs, Sl1maVersion sl1maVersion, LinearWalkHooks linearWalkHooks,
                        SetL1eMode setL1e, int kvmRingSize, boolean kvmWpBeforeSwap, boolean kvmUnlockBeforeFlush,
                        boolean hapPml, boolean hapDrainPml, boolean hapFlushAfterUnpause, int hapCopyOutFailsEvery, Schedule schedule, List<WorkloadKind> workloads, List<GuestEvent> events,
                        CostModel cost) {

    public static final int MAX_VCPUS = 128;
    public static final int MAX_LFB_PAGES = 1 << 16;

    public SimConfig {
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(schedule, "schedule");
        workloads = List.copyOf(workloads);
        events = List.copyOf(events);
    }

    /** Throws {@link IllegalArgumentException} with one line naming the first value out of range. */
    public SimConfig validate() {
        check(vcpus >= 1 && vcpus <= MAX_VCPUS, "vcpus must be 1.." + MAX_VCPUS + ", got " + vcpus);
        check(lfbPages >= 1 && lfbPages <= MAX_LFB_PAGES, "lfb.pages must be 1.." + MAX_LFB_PAGES + ", got " + lfbPages);
        check(tlbCapacity >= 1 && tlbCapacity <= 65536, "tlb.capacity must be 1..65536, got " + tlbCapacity);
        check(harvestIntervalNs >= 100_000, "harvest.interval must be at least 100us, got " + Durations.format(harvestIntervalNs));
        check(durationNs > 0 && durationNs <= 3_600_000_000_000L, "duration must be in (0, 1h], got " + Durations.format(durationNs));
        check(writeRate >= 1 && writeRate <= 100_000_000L, "guest.write-rate must be 1..100000000 per second, got " + writeRate);
        check(vmExitRate >= 0 && vmExitRate <= 1_000_000L, "guest.vm-exit-rate must be 0..1000000 per second, got " + vmExitRate);
        check(sl1maIdleDropNs > 0, "harvest.sl1ma-idle-drop must be positive");
        check(hapCopyOutFailsEvery >= 0, "hap.copy-out-fails-every must be 0 (never) or more, got " + hapCopyOutFailsEvery);
        // KVM takes a ring of 16-byte entries that is a power of two, at least a page, at most 65 536 entries.
        check(Integer.bitCount(kvmRingSize) == 1 && kvmRingSize >= 256 && kvmRingSize <= 65536,
                "kvm.ring-size must be a power of two in 256..65536, got " + kvmRingSize);
        check(!workloads.isEmpty(), "workload must name at least one workload");
        for (GuestEvent e : events) {
            check(e.atNs() >= 0 && e.atNs() < durationNs, "event " + e.kind().id + " at " + Durations.format(e.atNs()) + " is outside the run of " + Durations.format(durationNs));
            if (e.first() < 0 || e.count() < 0 || (long) e.first() + e.count() > lfbPages) {
                throw new EventOutsideLfb("event " + e.kind().id + " pages [" + e.first() + ", " + (e.first() + e.count())
                        + ") outside the LFB of " + lfbPages + (lfbPages == 1 ? " page" : " pages"));
            }
        }
        return this;
    }

    /** A scripted event on pages the LFB does not have (a caller that chose the LFB's size can say how to give more). */
    public static final class EventOutsideLfb extends IllegalArgumentException {
        EventOutsideLfb(String message) {
            super(message);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    public WorkloadKind workloadOf(int vcpu) {
        return workloads.get(vcpu % workloads.size());
    }

    /** A builder holding the defaults (dirtyvram-defaults.conf). */
    public static Builder builder() {
        return SimConfigReader.defaultConfig().toBuilder();
    }

    public Builder toBuilder() {
        return new Builder().vcpus(vcpus).strategy(strategy).lfbPages(lfbPages).mfnLayout(mfnLayout).tlbMode(tlbMode)
                .tlbCapacity(tlbCapacity).flushAfterClear(flushAfterClear).atomicClear(atomicClear)
                .countPolicy(countPolicy).harvestIntervalNs(harvestIntervalNs).durationNs(durationNs).seed(seed)
                .writeRate(writeRate).vmExitRate(vmExitRate).sl1maIdleDropNs(sl1maIdleDropNs).sl1maVersion(sl1maVersion)
                .linearWalkHooks(linearWalkHooks).setL1e(setL1e).kvmRingSize(kvmRingSize).kvmWpBeforeSwap(kvmWpBeforeSwap)
                .kvmUnlockBeforeFlush(kvmUnlockBeforeFlush)
                .hapPml(hapPml).hapDrainPml(hapDrainPml).hapFlushAfterUnpause(hapFlushAfterUnpause)
                .hapCopyOutFailsEvery(hapCopyOutFailsEvery).schedule(schedule).workloads(workloads).events(events).cost(cost);
    }

    /** Dirty logging by write protection (hap without PML too): a stale writable TLB entry stores unlogged. */
    public boolean writeProtects() {
        return strategy.writeProtects() || (strategy == StrategyId.HAP && !hapPml);
    }

    /** hap with Page-Modification Logging: the VCPUs log the frames whose D bit they set. */
    public boolean pml() {
        return strategy == StrategyId.HAP && hapPml;
    }

    /** Sets components by name; {@link SimConfig#builder()} starts with every one set to its default. */
    public static final class Builder {
        private Integer vcpus;
        private StrategyId strategy;
        private Integer lfbPages;
        private MfnLayout mfnLayout;
        private TlbMode tlbMode;
        private Integer tlbCapacity;
        private Boolean flushAfterClear;
        private Boolean atomicClear;
        private CountPolicy countPolicy;
        private Long harvestIntervalNs;
        private Long durationNs;
        private Long seed;
        private Long writeRate;
        private Long vmExitRate;
        private Long sl1maIdleDropNs;
        private Sl1maVersion sl1maVersion;
        private LinearWalkHooks linearWalkHooks;
        private SetL1eMode setL1e;
        private Integer kvmRingSize;
        private Boolean kvmWpBeforeSwap;
        private Boolean kvmUnlockBeforeFlush;
        private Boolean hapPml;
        private Boolean hapDrainPml;
        private Boolean hapFlushAfterUnpause;
        private Integer hapCopyOutFailsEvery;
        private Schedule schedule;
        private List<WorkloadKind> workloads;
        private List<GuestEvent> events;
        private CostModel cost;

        Builder() {}

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
        public Builder sl1maVersion(Sl1maVersion v) { sl1maVersion = v; return this; }
        public Builder linearWalkHooks(LinearWalkHooks v) { linearWalkHooks = v; return this; }
        public Builder setL1e(SetL1eMode v) { setL1e = v; return this; }
        public Builder kvmRingSize(int v) { kvmRingSize = v; return this; }
        public Builder kvmWpBeforeSwap(boolean v) { kvmWpBeforeSwap = v; return this; }
        public Builder kvmUnlockBeforeFlush(boolean v) { kvmUnlockBeforeFlush = v; return this; }
        public Builder hapPml(boolean v) { hapPml = v; return this; }
        public Builder hapDrainPml(boolean v) { hapDrainPml = v; return this; }
        public Builder hapFlushAfterUnpause(boolean v) { hapFlushAfterUnpause = v; return this; }
        public Builder hapCopyOutFailsEvery(int v) { hapCopyOutFailsEvery = v; return this; }
        public Builder schedule(Schedule v) { schedule = v; return this; }
        public Builder workloads(List<WorkloadKind> v) { workloads = v; return this; }
        public Builder events(List<GuestEvent> v) { events = v; return this; }
        public Builder cost(CostModel v) { cost = v; return this; }

        public SimConfig build() {
            return new SimConfig(vcpus, strategy, lfbPages, mfnLayout, tlbMode, tlbCapacity, flushAfterClear,
                    atomicClear, countPolicy, harvestIntervalNs, durationNs, seed, writeRate, vmExitRate,
                    sl1maIdleDropNs, sl1maVersion, linearWalkHooks, setL1e, kvmRingSize, kvmWpBeforeSwap, kvmUnlockBeforeFlush, hapPml, hapDrainPml, hapFlushAfterUnpause, hapCopyOutFailsEvery, schedule, workloads, events, cost);
        }
    }
}
