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
 */
public record Schedule(SchedulePolicy policy, int pctDepth, long pctSteps, int burst, int walkChunk, long windowNs, String replay) {
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
        if (walkChunk < 1 || walkChunk > MAX_GRANULE) {
            throw new IllegalArgumentException("schedule.walk-chunk must be 1.." + MAX_GRANULE + ", got " + walkChunk);
        }
    }
}
