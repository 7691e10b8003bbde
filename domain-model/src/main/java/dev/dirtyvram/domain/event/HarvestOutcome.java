package dev.dirtyvram.domain.event;

/** What trackDirtyVram gave the device model. */
public enum HarvestOutcome {
    /** A dirty bitmap. */
    BITMAP,
    /** First call after the range was (re)armed: no data, redraw everything. */
    NO_DATA,
    /** The walk backed off (wrong mfn, walk fault, writable count > 1 with give-up): compare every page. */
    FALLBACK,
    /** The memcmp strategy itself: no hypervisor help. */
    MEMCMP;

    private static final HarvestOutcome[] VALUES = values();

    public static HarvestOutcome of(int ordinal) {
        return VALUES[ordinal];
    }
}
