package dev.dirtyvram.domain.config;


import dev.dirtyvram.domain.KnobValue;
/** How shadowSetL1e replaces an sl1e (knob {@code shadow.set-l1e}). */
public enum SetL1eMode implements KnobValue {
    /** Xen's shadow_set_l1e: read the old entry, store the new one; a D bit set in between is lost to the put hook. */
    READ_THEN_STORE("read-then-store"),
    /** One atomic exchange: the put hook sees exactly what was replaced. */
    EXCHANGE("exchange");

    private final String id;

    SetL1eMode(String id) {
        this.id = id;
    }

    @Override
    public String id() { return id; }

    public static SetL1eMode parse(String s) {
        return KnobValue.parse(SetL1eMode.class, "shadow.set-l1e", s);
    }
}
