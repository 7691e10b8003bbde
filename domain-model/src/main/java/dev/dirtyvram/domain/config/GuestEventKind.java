package dev.dirtyvram.domain.config;

import dev.dirtyvram.domain.KnobValue;

/** What a scenario can make the guest OS do at a given time. */
public enum GuestEventKind implements KnobValue {
    /** X server mmap: a second writable mapping of pages [first, first+count): writable count 2. */
    ALIAS_MAP("alias-map"),
    ALIAS_UNMAP("alias-unmap"),
    /** Point the LFB range's PTEs for [first, first+count) at ordinary RAM. */
    REMAP("remap"),
    UNREMAP("unremap"),
    /** Make the LFB range read-only at a higher level (an L2 entry): guest stores fault, the linear walk faults. */
    HIGHER_LEVEL_RO("higher-level-ro"),
    HIGHER_LEVEL_RW("higher-level-rw"),
    /** Shadow page-table teardown: every sl1e cleared (rebuilt by faults). */
    SHADOW_TEARDOWN("shadow-teardown"),
    /** Display mode change: the tracked range changes, tracking restarts. */
    MODE_SWITCH("mode-switch"),
    /** Every VCPU stops writing for {@code duration}. */
    LONG_IDLE("long-idle");

    public final String id;

    GuestEventKind(String id) {
        this.id = id;
    }

    @Override
    public String id() { return id; }

    private static final GuestEventKind[] VALUES = values();

    public static GuestEventKind of(int ordinal) {
        return VALUES[ordinal];
    }

    public static GuestEventKind parse(String s) {
        return KnobValue.parse(GuestEventKind.class, "guest event", s);
    }
}
