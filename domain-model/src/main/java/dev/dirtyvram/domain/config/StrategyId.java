package dev.dirtyvram.domain.config;

import dev.dirtyvram.domain.KnobValue;

/** The harvest strategies of DESIGN section 1, by their command-line ids. */
public enum StrategyId implements KnobValue {
    MEMCMP("memcmp"),
    LOGDIRTY_WP("logdirty-wp"),
    DBIT_PAUSED("dbit-paused"),
    LINEAR_WALK("linear-walk"),
    SL1MA("sl1ma");

    public final String id;

    StrategyId(String id) {
        this.id = id;
    }

    @Override
    public String id() { return id; }

    public static StrategyId parse(String s) {
        return KnobValue.parse(StrategyId.class, "strategy", s);
    }
}
