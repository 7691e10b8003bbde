package dev.dirtyvram.domain.config;

/** The harvest strategies of DESIGN section 1, by their command-line ids. */
public enum StrategyId {
    MEMCMP("memcmp"),
    LOGDIRTY_WP("logdirty-wp"),
    DBIT_PAUSED("dbit-paused"),
    LINEAR_WALK("linear-walk"),
    SL1MA("sl1ma");

    public final String id;

    StrategyId(String id) {
        this.id = id;
    }

    public static StrategyId parse(String s) {
        for (StrategyId v : values()) if (v.id.equals(s)) return v;
        throw new IllegalArgumentException("unknown strategy '" + s + "' (memcmp, logdirty-wp, dbit-paused, linear-walk, sl1ma)");
    }
}
