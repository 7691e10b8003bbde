package dev.dirtyvram.domain.config;



import dev.dirtyvram.domain.KnobValue;
/** How a seeded scheduler picks among steps that are due together (knob {@code schedule.policy}). */
public enum SchedulePolicy implements KnobValue {
    /** Uniformly at random. */
    UNIFORM("uniform"),
    /** PCT (Burckhardt et al., ASPLOS 2010): random actor priorities, d-1 change points over the run. */
    PCT("pct"),
    /** POS (Yuan et al., CAV 2018): random priorities, re-drawn for the steps that race with the one just run. */
    POS("pos"),
    /** One of the others per seed, in rotation (the run records which). */
    PORTFOLIO("portfolio");

    private final String id;

    SchedulePolicy(String id) {
        this.id = id;
    }

    @Override
    public String id() { return id; }

    public static SchedulePolicy parse(String s) {
        return KnobValue.parse(SchedulePolicy.class, "schedule.policy", s);
    }

    /** The policy a run with this seed uses: itself, or for portfolio the one whose turn the seed is. */
    public SchedulePolicy forSeed(long seed) {
        if (this != PORTFOLIO) return this;
        SchedulePolicy[] turn = {UNIFORM, PCT, POS};
        return turn[(int) Math.floorMod(seed, (long) turn.length)];
    }
}
