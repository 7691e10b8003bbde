package dev.dirtyvram.domain.config;

/** linear-walk's answer to a frame with more than one writable mapping (the walk cannot see the others). */
public enum CountPolicy {
    GIVE_UP("give-up"),
    ASSUME_DIRTY("assume-dirty");

    public final String id;

    CountPolicy(String id) {
        this.id = id;
    }

    public static CountPolicy parse(String s) {
        for (CountPolicy v : values()) if (v.id.equals(s)) return v;
        throw new IllegalArgumentException("unknown count policy '" + s + "' (give-up, assume-dirty)");
    }
}
