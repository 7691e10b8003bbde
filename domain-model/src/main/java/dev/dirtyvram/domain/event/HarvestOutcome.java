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
    MEMCMP,
    /**
     * The hypercall's copy of the bitmap to the device model failed (-EFAULT) after the walk had reset what it read
     * (hap.copy-out-fails-every): the device model redraws nothing (QEMU's xen_sync_dirty_bitmap just returns).
     */
    COPY_FAILED;

    private static final HarvestOutcome[] VALUES = values();

    public static HarvestOutcome of(int ordinal) {
        return VALUES[ordinal];
    }
}
