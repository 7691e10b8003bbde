package dev.dirtyvram.domain.config;


import dev.dirtyvram.domain.KnobValue;
/** Which shadow/hvm.c {@code shadow_track_dirty_vram} sl1ma follows (knob {@code harvest.sl1ma-version}). */
public enum Sl1maVersion implements KnobValue {
    /** 2008 (4fe64c6d1b, 1b1305666b): arming sets last_dirty; while write access is dropped, copy out the kept bitmap. */
    XEN_2008("xen-2008"),
    /**
     * May 2026 (2965f75ebd, "VRAM last_dirty tagging"): arming leaves last_dirty at -1; while it is -1 the call returns
     * an empty bitmap; last_dirty is set once after the loop when a bit was set, and again after a failed copy-out.
     */
    XEN_2026("xen-2026");

    private final String id;

    Sl1maVersion(String id) {
        this.id = id;
    }

    @Override
    public String id() { return id; }

    public static Sl1maVersion parse(String s) {
        return KnobValue.parse(Sl1maVersion.class, "harvest.sl1ma-version", s);
    }
}
