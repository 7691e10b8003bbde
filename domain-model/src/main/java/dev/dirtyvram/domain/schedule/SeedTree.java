package dev.dirtyvram.domain.schedule;

import dev.dirtyvram.domain.config.SimConfig;
import java.util.SplittableRandom;
/**
 * Every random stream of a run, derived from its one root seed in a fixed order (scheduler, frame layout, then each
 * VCPU's guest program and timer), so that every mode gives each part the same stream and adding a part later does
 * not move the others.
 */
public final class SeedTree {
    private final long scheduler;
    private final long layout;
    private final long[] guest;
    private final long[] timer;

    public SeedTree(long root, int vcpus) {
        SplittableRandom r = new SplittableRandom(root);
        this.scheduler = r.nextLong();
        this.layout = r.nextLong();
        this.guest = new long[vcpus];
        this.timer = new long[vcpus];
        for (int v = 0; v < vcpus; v++) {
            guest[v] = r.nextLong();
            timer[v] = r.nextLong();
        }
    }

    public static SeedTree of(SimConfig cfg) {
        return new SeedTree(cfg.seed(), cfg.vcpus());
    }

    /** Ties and jitter of the reference driver; delivery choices of the deterministic scheduler. */
    public long scheduler() { return scheduler; }

    /** The permutation of a scattered frame layout. */
    public long layout() { return layout; }

    /** VCPU {@code v}'s workload: pages, gaps, alias choices. */
    public long guest(int v) { return guest[v]; }

    /** VCPU {@code v}'s timer phase. */
    public long timer(int v) { return timer[v]; }
}
