package dev.dirtyvram.domain.oracle;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.workload.GuestProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much of what its configuration asked for a run did: guest stores (each VCPU's workload at its own rate, idle
 * time excluded) and periodic harvests. A run below {@link #ENOUGH} of either cannot vouch for its promises.
 */
public record Achievement(long configuredStores, double achievedStoreRatio, long configuredHarvests,
                          double achievedHarvestRatio) {
    /** The least share of the configured work a run must do for its verdict to count. */
    public static final double ENOUGH = 0.9;

    public static Achievement of(SimConfig cfg, RunSummary s) {
        long stores = GuestProgram.configuredStores(cfg);
        long harvests = configuredHarvests(cfg);
        // The quiesce protocol's final harvest is not one of the periodic ones.
        long periodic = Math.max(0, s.harvests() - (s.complete() ? 1 : 0));
        // A store the guest's own tables refused was still attempted on schedule.
        return new Achievement(stores, ratio(s.guestWrites() + s.refusedStores(), stores), harvests, ratio(periodic, harvests));
    }

    /**
     * PCT's k, where its change points may fall: {@code schedule.pct-steps} when set (a hunt learns it), else an
     * upper bound from the configuration, the steps a run takes when each step is at most {@code stores} guest
     * accesses or {@code walk} walk accesses.
     */
    public static long pctSteps(SimConfig cfg, int stores, int walk) {
        if (cfg.schedule().pctSteps() > 0) return cfg.schedule().pctSteps();
        long harvests = configuredHarvests(cfg) + 1;
        long walkSteps = harvests * (3L * cfg.lfbPages() / walk + cfg.vcpus() + 4);
        long ticks = cfg.vcpus() * (cfg.durationNs() / 1_000_000L + cfg.vmExitRate() * cfg.durationNs() / 1_000_000_000L);
        return GuestProgram.configuredStores(cfg) * 3 / 2 / stores + walkSteps + ticks;
    }

    /** Refreshes the device model is due to make: one every interval strictly inside the run. */
    public static long configuredHarvests(SimConfig cfg) {
        if (cfg.schedule().bounded()) return cfg.schedule().harvests();
        return (cfg.durationNs() - 1) / cfg.harvestIntervalNs();
    }

    private static double ratio(long achieved, long configured) {
        return configured == 0 ? 1.0 : (double) achieved / configured;
    }

    /**
     * One sentence per figure below {@link #ENOUGH}; empty when the run did what it was configured to do. A run in
     * which no refresh is due at all (its harvest interval as long as the run) is one too: only the final harvest
     * judged it, which shows every store, so its promises were never put to the test.
     */
    public List<String> shortfalls() {
        List<String> out = new ArrayList<>();
        if (configuredHarvests == 0) out.add("no periodic harvest fits in the run (its harvest interval is as long as the run)");
        if (achievedStoreRatio < ENOUGH) {
            out.add(String.format(Locale.ROOT, "stores %.0f%% of the %d configured", 100 * achievedStoreRatio, configuredStores));
        }
        if (achievedHarvestRatio < ENOUGH) {
            out.add(String.format(Locale.ROOT, "harvests %.0f%% of the %d configured", 100 * achievedHarvestRatio, configuredHarvests));
        }
        return out;
    }
}
