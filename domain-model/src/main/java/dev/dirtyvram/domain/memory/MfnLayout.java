package dev.dirtyvram.domain.memory;

/** How the machine frames behind the LFB's contiguous gfns were handed out. */
public enum MfnLayout {
    CONTIGUOUS("contiguous"),
    /** The debug allocator hands frames out from the top down. */
    BACKWARDS("backwards"),
    /** A seeded permutation over a larger pool: no arithmetic maps an mfn back to its page. */
    SCATTERED("scattered");

    public final String id;

    MfnLayout(String id) {
        this.id = id;
    }

    public static MfnLayout parse(String s) {
        for (MfnLayout l : values()) if (l.id.equals(s)) return l;
        throw new IllegalArgumentException("unknown mfn layout '" + s + "' (contiguous, backwards, scattered)");
    }
}
