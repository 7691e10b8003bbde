package dev.dirtyvram.domain.display;

/**
 * When the device model refreshes: on the grid of {@code harvest.interval} (I, 2I, 3I, ... of run time), the one
 * rule both drivers follow. A refresh that comes too late for its grid point goes to the next one after the time it is
 * due, never to a point already past.
 */
public final class RefreshTimer {
    private final long interval;

    public RefreshTimer(long intervalNs) {
        this.interval = intervalNs;
    }

    /** The first refresh. */
    public long first() {
        return interval;
    }

    /** The first grid point after {@code t}. */
    public long after(long t) {
        return t - t % interval + interval;
    }

    /** The tick after {@code tick}, or, when {@code now} is already past that, the first grid point after {@code now}. */
    public long next(long tick, long now) {
        long n = tick + interval;
        return n <= now ? after(now) : n;
    }
}
