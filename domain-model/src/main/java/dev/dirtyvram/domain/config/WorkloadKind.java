package dev.dirtyvram.domain.config;

public enum WorkloadKind {
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

    public static WorkloadKind parse(String s) {
        for (WorkloadKind v : values()) if (v.id.equals(s)) return v;
        throw new IllegalArgumentException("unknown workload '" + s + "' (random, scroll, video, cursor, idle)");
    }
}
