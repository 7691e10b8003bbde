package dev.dirtyvram.domain.config;



import java.util.Objects;
/**
 * How a seeded run interleaves (keys {@code schedule.*}).
 *
 * @param policy    how steps due together are ordered
 * @param pctDepth  PCT's bug depth d: d-1 priority change points
 * @param pctSteps  PCT's run length k in scheduling choices, where its change points fall: learned by a hunt from a
 *                  calibration run; 0 estimates it from the configuration
 * @param burst     actor modes: at most this many guest steps per VCPU message
 * @param walkChunk actor modes: at most this many walk accesses (or redrawn pages) per message
 * @param windowNs  steps due within this long of the earliest compete (0: only steps due at the same instant); the
 *                  one chosen runs first, the others wait for it
 * @param replay    a choice sequence file to follow instead of the policy ({@code ChoiceSequence}), or empty
 * @param stores    reference mode, 0 for none: each VCPU makes this many stores and stops, every step not blocked
 *                  competes at every choice whatever its time, and the run ends once the stores and
 *                  {@code harvests} are made: the bounded runs {@code check} explores
 * @param harvests  with {@code stores}: harvests before the final one
 */
public record Schedule(SchedulePolicy policy, int pctDepth, long pctSteps, int burst, int walkChunk, long windowNs, String replay,
                       int stores, int harvests) {
    /** Stores a bounded run may ask of a VCPU at most: check explores runs of a few. */
    public static final int MAX_BOUNDED = 1_000;

    public static final int MAX_PCT_DEPTH = 10;
    public static final int MAX_GRANULE = 65_536;

    public Schedule {
        Objects.requireNonNull(replay, "schedule.replay");
        if (pctDepth < 1 || pctDepth > MAX_PCT_DEPTH) {
            throw new IllegalArgumentException("schedule.pct-depth must be 1.." + MAX_PCT_DEPTH + ", got " + pctDepth);
        }
        if (pctSteps < 0) throw new IllegalArgumentException("schedule.pct-steps must be >= 0, got " + pctSteps);
        if (burst < 1 || burst > MAX_GRANULE) throw new IllegalArgumentException("schedule.burst must be 1.." + MAX_GRANULE + ", got " + burst);
        if (windowNs < 0 || windowNs > 1_000_000_000L) throw new IllegalArgumentException("schedule.window must be in [0, 1s], got " + Durations.format(windowNs));
        if (stores < 0 || stores > MAX_BOUNDED) throw new IllegalArgumentException("schedule.stores must be 0.." + MAX_BOUNDED + ", got " + stores);
        if (harvests < 0 || harvests > MAX_BOUNDED) throw new IllegalArgumentException("schedule.harvests must be 0.." + MAX_BOUNDED + ", got " + harvests);
        if (harvests > 0 && stores == 0) throw new IllegalArgumentException("schedule.harvests bounds a run only with schedule.stores");
        if (walkChunk < 1 || walkChunk > MAX_GRANULE) {
            throw new IllegalArgumentException("schedule.walk-chunk must be 1.." + MAX_GRANULE + ", got " + walkChunk);
        }
    }

    /** Whether the run is bounded by counts of stores and harvests instead of by time. */
    public boolean bounded() {
        return stores > 0;
    }
}
