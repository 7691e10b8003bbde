package dev.dirtyvram.domain.memory;

import dev.dirtyvram.domain.KnobValue;

/** How the machine frames behind the LFB's contiguous gfns were handed out. */
public enum MfnLayout implements KnobValue {
    CONTIGUOUS("contiguous"),
    /** The debug allocator hands frames out from the top down. */
    BACKWARDS("backwards"),
    /** A seeded permutation over a larger pool: no arithmetic maps an mfn back to its page. */
    SCATTERED("scattered");

    public final String id;

    MfnLayout(String id) {
        this.id = id;
    }

    @Override
    public String id() { return id; }

    public static MfnLayout parse(String s) {
        return KnobValue.parse(MfnLayout.class, "mfn layout", s);
    }
}
