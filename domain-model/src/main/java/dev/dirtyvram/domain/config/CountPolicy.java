package dev.dirtyvram.domain.config;

import dev.dirtyvram.domain.KnobValue;

/** linear-walk's answer to a frame with more than one writable mapping (the walk cannot see the others). */
public enum CountPolicy implements KnobValue {
    GIVE_UP("give-up"),
    ASSUME_DIRTY("assume-dirty");

    public final String id;

    CountPolicy(String id) {
        this.id = id;
    }

    @Override
    public String id() { return id; }

    public static CountPolicy parse(String s) {
        return KnobValue.parse(CountPolicy.class, "count policy", s);
    }
}
