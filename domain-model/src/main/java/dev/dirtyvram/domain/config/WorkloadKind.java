package dev.dirtyvram.domain.config;

import dev.dirtyvram.domain.KnobValue;

public enum WorkloadKind implements KnobValue {
    /** Stores to uniformly random pages. */
    RANDOM("random"),
    /** Sequential full-screen scroll: read page p+1, write page p, wrapping. */
    SCROLL("scroll"),
    /** A rectangle (a quarter of the screen) repainted at 30 fps. */
    VIDEO("video"),
    /** One page (the cursor) written over and over. */
    CURSOR("cursor"),
    /** No stores. */
    IDLE("idle");

    public final String id;

    WorkloadKind(String id) {
        this.id = id;
    }

    @Override
    public String id() { return id; }

    public static WorkloadKind parse(String s) {
        return KnobValue.parse(WorkloadKind.class, "workload", s);
    }
}
