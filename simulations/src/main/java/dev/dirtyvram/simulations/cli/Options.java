package dev.dirtyvram.simulations.cli;

import dev.dirtyvram.domain.config.Durations;
import dev.dirtyvram.persistence.BadInputException;

/** The checks of options several commands share, one wording each. */
public final class Options {
    /** Runs made at once at most (sweep, hunt, a cluster member's workers). */
    public static final int MAX_JOBS = 64;

    private Options() {}

    /** A duration option ({@code 10m}, {@code 50ms}) in nanoseconds; a bad one is one line, exit 2. */
    public static long duration(String option, String value) {
        try {
            return Durations.parseOption(option, value);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** A duration option that must be more than nothing ({@code --time}, {@code --latency-target}). */
    public static long positiveDuration(String option, String value) {
        long ns = duration(option, value);
        if (ns <= 0) throw new BadInputException(option + " must be more than 0, got " + value);
        return ns;
    }

    /** {@code --jobs}: as given (1..{@link #MAX_JOBS}), or one per core. */
    public static int jobs(Integer jobs) {
        int n = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (n < 1 || n > MAX_JOBS) throw new BadInputException("--jobs must be 1.." + MAX_JOBS + ", got " + n);
        return n;
    }
}
