package dev.dirtyvram.domain.config;


import dev.dirtyvram.domain.KnobValue;
/** Where linear-walk sets a bitmap bit for a shadow mapping made or cleared (knob {@code harvest.linear-walk-hooks}). */
public enum LinearWalkHooks implements KnobValue {
    /** The seed thread's literal proposal: a few lines in shadow_set_l1e. L1 shadow teardown bypasses them. */
    SET_L1E("set-l1e"),
    /** Also in sh_destroy_l1_shadow, which drops entries without going through shadow_set_l1e. */
    SET_L1E_AND_DESTROY("set-l1e-and-destroy");

    private final String id;

    LinearWalkHooks(String id) {
        this.id = id;
    }

    @Override
    public String id() { return id; }

    public static LinearWalkHooks parse(String s) {
        return KnobValue.parse(LinearWalkHooks.class, "harvest.linear-walk-hooks", s);
    }
}
