package dev.dirtyvram.domain.schedule;

import dev.dirtyvram.domain.config.Schedule;
import dev.dirtyvram.domain.config.SchedulePolicy;
import dev.dirtyvram.domain.config.SimConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
/**
 * The scheduling seam both seeded drivers use: the reference driver when several agents are due at the same virtual
 * time, the deterministic interconnect among the due heads of its per sender-to-receiver queues. Candidates are
 * named by their agent (actor id: VCPUs 0..n-1, the hypervisor n, the device model n+1, others above). Agents below
 * {@code vcpus} are hardware; the rest software: a hardware step races with a software step (a store with a walk's
 * access to its sl1e, a TLB fill with a flush), which is the race relation POS uses.
 */
public abstract class Scheduler {
    protected final SplittableRandom rnd;
    protected final int vcpus;
    /** Every choice made, in order: the run's choice sequence. */
    private final ChoiceLog recorded = new ChoiceLog();
    /** A choice sequence to follow instead of the policy (then 0, the first candidate, once it runs out). */
    private int[] script;
    private int scriptAt;

    protected Scheduler(SplittableRandom rnd, int vcpus) {
        this.rnd = rnd;
        this.vcpus = vcpus;
    }

    /**
     * Index into {@code agents[0..n)} of the step to run next, {@code n > 1}: the script's next choice when there is
     * one (a choice the candidates do not have, where a replay diverges, becomes 0), else the policy's; recorded.
     */
    public final int choose(int[] agents, int n) {
        int c;
        if (script != null) {
            c = scriptAt < script.length ? script[scriptAt] : 0;
            scriptAt++;
            if (c < 0 || c >= n) c = 0;
        } else {
            c = pick(agents, n);
        }
        recorded.add(c);
        return c;
    }

    /** The policy's own choice. */
    protected abstract int pick(int[] agents, int n);

    /** Follow {@code choices} (a recorded choice sequence) instead of the policy. */
    public Scheduler replaying(int[] choices) {
        this.script = choices.clone();
        return this;
    }

    /** The choices made so far: what a run directory records, and replays. */
    public ChoiceLog choices() {
        return recorded;
    }

    /**
     * @param seed          the scheduler's own seed (from the seed tree)
     * @param agents        how many agent ids there are
     * @param expectedSteps PCT's k: where its change points may fall
     */
    public static Scheduler create(Schedule s, SchedulePolicy policy, long seed, int vcpus, int agents, long expectedSteps) {
        SplittableRandom rnd = new SplittableRandom(seed);
        return switch (policy) {
            case UNIFORM -> new Uniform(rnd, vcpus);
            case PCT -> new Pct(rnd, vcpus, agents, s.pctDepth(), Math.max(1, expectedSteps));
            case POS -> new Pos(rnd, vcpus, agents);
            case PORTFOLIO -> throw new IllegalArgumentException("portfolio picks a policy per seed: SchedulePolicy.forSeed");
        };
    }

    /**
     * The scheduler of one run: the policy whose turn the run's seed is, following the configured choice sequence
     * when there is one. {@code pctSteps}: PCT's run length ({@code Achievement.pctSteps} decides it).
     */
    public static Scheduler forRun(SimConfig cfg, long seed, int agents, long pctSteps) {
        Schedule s = cfg.schedule();
        Scheduler sc = create(s, s.policy().forSeed(cfg.seed()), seed, cfg.vcpus(), agents, pctSteps);
        return s.replay().isEmpty() ? sc : sc.replaying(ChoiceSequence.read(Path.of(s.replay())));
    }

    static final class Uniform extends Scheduler {
        Uniform(SplittableRandom rnd, int vcpus) {
            super(rnd, vcpus);
        }

        @Override
        protected int pick(int[] agents, int n) {
            return n == 1 ? 0 : rnd.nextInt(n);
        }
    }

    /** The highest-priority agent runs; at each change point the agent that just ran drops below every other. */
    static final class Pct extends Scheduler {
        private final int[] priority;
        private final long[] changePoints;
        private int nextChange;
        private long step;
        private int lowest;

        Pct(SplittableRandom rnd, int vcpus, int agents, int depth, long k) {
            super(rnd, vcpus);
            priority = new int[agents];
            for (int a = 0; a < agents; a++) priority[a] = a + depth; // above every change point's priority
            for (int a = agents - 1; a > 0; a--) { // a random permutation (Fisher-Yates)
                int b = rnd.nextInt(a + 1);
                int t = priority[a];
                priority[a] = priority[b];
                priority[b] = t;
            }
            changePoints = new long[depth - 1];
            for (int i = 0; i < changePoints.length; i++) changePoints[i] = 1 + rnd.nextLong(k);
            Arrays.sort(changePoints);
            lowest = depth;
        }

        @Override
        protected int pick(int[] agents, int n) {
            step++;
            int best = 0;
            for (int i = 1; i < n; i++) if (priority[agents[i]] > priority[agents[best]]) best = i;
            while (nextChange < changePoints.length && changePoints[nextChange] <= step) {
                nextChange++;
                priority[agents[best]] = --lowest;
            }
            return best;
        }
    }

    /** Each agent's pending step has a random priority; after a step runs, the steps racing with it draw anew. */
    static final class Pos extends Scheduler {
        private final double[] priority;

        Pos(SplittableRandom rnd, int vcpus, int agents) {
            super(rnd, vcpus);
            priority = new double[agents];
            for (int a = 0; a < agents; a++) priority[a] = rnd.nextDouble();
        }

        @Override
        protected int pick(int[] agents, int n) {
            int best = 0;
            for (int i = 1; i < n; i++) if (priority[agents[i]] > priority[agents[best]]) best = i;
            int ran = agents[best];
            boolean hardware = ran < vcpus;
            for (int a = 0; a < priority.length; a++) {
                if (a == ran || (a < vcpus) != hardware) priority[a] = rnd.nextDouble();
            }
            return best;
        }
    }
}
