package dev.dirtyvram.domain.check;

import dev.dirtyvram.domain.config.Durations;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.driver.StopSignal;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.oracle.Achievement;
import dev.dirtyvram.domain.oracle.Coverage;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.domain.schedule.Scheduler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Every interleaving of a bounded reference run ({@code schedule.stores}): a stateless depth-first search that re-runs
 * the run under a chosen prefix of choices (then the actor that ran last, while it may: no preemption), with dynamic
 * partial-order reduction (Flanagan and Godefroid, POPL 2005). After each run, for each step of an actor p, the latest
 * earlier step of another actor that conflicts with it ({@link Footprint}) and is not already ordered before p's
 * previous step is a race: at the choice before that step p is tried too (every candidate, when p was not one).
 * Choices the reduction never asks for are counted as pruned. An optional preemption bound (CHESS) skips choices
 * that would take a VCPU, the harvester or the script off the CPU while it could go on more than {@code bound} times.
 */
public final class Explorer {
    public enum Verdict {
        COMPLETE("complete"), BUG_FOUND("bug-found"), INCOMPLETE("incomplete");

        public final String id;

        Verdict(String id) {
            this.id = id;
        }
    }

    /**
     * @param schedules runs explored
     * @param steps     steps over all of them
     * @param pruned    alternatives at choice points the reduction left out
     * @param sleeping  runs cut short because every actor that could go was asleep (their schedules were explored)
 * @param bounded   alternatives the preemption bound left out
     * @param failing   the failing run's summary and choice sequence (bug-found), else null
     * @param stoppedBy why an incomplete search stopped
     */
    public record Result(Verdict verdict, long schedules, long steps, long pruned, long sleeping, long bounded, int maxChoices,
                         RunSummary failing, int[] failingChoices, String stoppedBy, double seconds, long[] coverage) {
    }

    /**
     * Where the search stands, for progress lines: schedules and steps so far, and a rough share of the tree done
     * (each choice's alternatives done, weighted as if every branch were the same size).
     */
    public record Progress(long schedules, long steps, double share) {
    }

    private final SimConfig cfg;
    private final boolean reduce;
    /** Preemptions a schedule may make at most; negative for no bound. */
    private final int bound;
    private final Footprint footprint;

    /** A choice point of the current schedule: the candidates (actor ids), and what was and is to be tried there. */
    private static final class Node {
        final int[] candidates;
        final int before; // the actor of the step before, or -1
        final int preemptionsBefore;
        final BitSet backtrack = new BitSet();
        final BitSet done = new BitSet();
        /** What each actor tried here touched in its step: asleep below the alternatives tried after it. */
        final Map<Integer, Footprint.Touched> tried = new HashMap<>();
        /** Actors asleep here (Godefroid's sleep sets): their step from here was explored, and nothing since conflicted. */
        Map<Integer, Footprint.Touched> asleep = Map.of();
        int chosen;

        Node(int[] candidates, int before, int preemptionsBefore, int chosen) {
            this.candidates = candidates;
            this.before = before;
            this.preemptionsBefore = preemptionsBefore;
            this.chosen = chosen;
        }

        boolean has(int actor) {
            for (int c : candidates) if (c == actor) return true;
            return false;
        }

        boolean preempts(int actor) {
            return before >= 0 && actor != before && has(before);
        }
    }

    private final List<Node> stack = new ArrayList<>();

    public Explorer(SimConfig cfg, boolean reduce, int bound) {
        if (!cfg.schedule().bounded()) throw new IllegalArgumentException("check explores bounded runs: schedule.stores must be set");
        this.cfg = cfg;
        this.reduce = reduce;
        this.bound = bound;
        this.footprint = new Footprint(Machine.p2m(cfg), cfg.vcpus());
    }

    /** Explores until every schedule is done, one fails, {@code deadlineNanos} (System.nanoTime) passes or a stop is asked. */
    public Result explore(long deadlineNanos, Consumer<Progress> progress) {
        return explore(deadlineNanos, progress, null);
    }

    /** The same, {@code each} (may be null) hearing every schedule's summary (a run cut short asleep has none). */
    public Result explore(long deadlineNanos, Consumer<Progress> progress, Consumer<RunSummary> each) {
        long start = System.nanoTime();
        long schedules = 0;
        long steps = 0;
        long pruned = 0;
        long boundedOut = 0;
        long sleeping = 0;
        long[] coverage = new long[Coverage.Situation.values().length];
        int maxChoices = 0;
        int prefix = 0;
        while (true) {
            Run run = new Run(prefix);
            RunSummary summary = run.execute();
            steps += run.actors.size();
            maxChoices = Math.max(maxChoices, stack.size());
            if (summary == null) {
                sleeping++;
            } else {
                schedules++;
                Coverage.count(run.coverage.reached(), coverage);
                madeItsBounds(summary);
                if (each != null) each.accept(summary);
            }
            if (summary != null && (summary.lostUpdates() > 0 || summary.lateReports() > 0)) {
                return new Result(Verdict.BUG_FOUND, schedules, steps, pruned, sleeping, boundedOut, maxChoices, summary,
                        run.driver.choices().toArray(), "", seconds(start), coverage);
            }
            run.remember();
            if (reduce) run.races();
            // The deepest choice with an alternative left (within the bound) is where the next schedule differs.
            prefix = -1;
            while (!stack.isEmpty()) {
                Node nd = stack.get(stack.size() - 1);
                int next = -1;
                for (int a = nd.backtrack.nextSetBit(0); a >= 0; a = nd.backtrack.nextSetBit(a + 1)) {
                    if (nd.done.get(a)) continue;
                    if (bound >= 0 && nd.preemptionsBefore + (nd.preempts(a) ? 1 : 0) > bound) {
                        nd.done.set(a);
                        boundedOut++;
                        continue;
                    }
                    next = a;
                    break;
                }
                if (next >= 0) {
                    nd.chosen = next;
                    nd.done.set(next);
                    prefix = stack.size();
                    break;
                }
                pruned += nd.candidates.length - nd.done.cardinality();
                stack.remove(stack.size() - 1);
            }
            if (prefix < 0) {
                return new Result(Verdict.COMPLETE, schedules, steps, pruned, sleeping, boundedOut, maxChoices, null, null, "", seconds(start), coverage);
            }
            if (progress != null && (schedules & 255) == 0) {
                double share = 0;
                double weight = 1;
                for (Node nd : stack) {
                    share += weight * (nd.done.cardinality() - 1) / nd.candidates.length;
                    weight /= nd.candidates.length;
                }
                progress.accept(new Progress(schedules, steps, share));
            }
            if (System.nanoTime() - deadlineNanos > 0 || StopSignal.requested()) {
                Node top = stack.get(0);
                String where = "stopped by " + (StopSignal.requested() ? "a stop request" : "its time") + " at alternative "
                        + top.done.cardinality() + " of " + top.candidates.length + " of the first choice, after "
                        + schedules + " schedule" + (schedules == 1 ? "" : "s");
                return new Result(Verdict.INCOMPLETE, schedules, steps, pruned, sleeping, boundedOut, maxChoices, null, null, where, seconds(start), coverage);
            }
        }
    }

    /**
     * A schedule must make every store and harvest its bounds ask for: one that ran into the run's duration first (a
     * slow write rate, a long harvest interval) would be judged on less than was configured.
     */
    private void madeItsBounds(RunSummary s) {
        if (!s.complete()) return; // stopped (a stop request): the search says incomplete
        Achievement a = Achievement.of(cfg, s);
        if (a.achievedStoreRatio() < 1 || a.achievedHarvestRatio() < 1) {
            throw new IllegalArgumentException("a schedule reached the run's duration (" + Durations.format(cfg.durationNs())
                    + ") before its " + a.configuredStores() + " stores and " + a.configuredHarvests()
                    + " harvests were made: give a longer duration, a faster write rate or a shorter harvest interval");
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Thrown to cut short a run whose every next step is asleep. */
    private static final class Explored extends RuntimeException {
        Explored() {
            super(null, null, false, false);
        }
    }

    /** One run of the search: its first {@code prefix} choices from the stack, the rest its own; its steps recorded. */
    private final class Run extends Scheduler implements ReferenceDriver.StepProbe {
        final int prefix;
        final ReferenceDriver driver;
        final Coverage coverage = new Coverage(cfg.vcpus());
        final List<Integer> actors = new ArrayList<>();
        final List<Footprint.Touched> touched = new ArrayList<>();
        /** The choice point of each step, or -1 where only one actor could go. */
        final List<Integer> choiceOf = new ArrayList<>();
        /** The step right after each choice point. */
        final List<Integer> stepAfter = new ArrayList<>();
        int choices;
        int last = -1;
        int preemptions;
        /** Actors asleep now, with what their explored step touched. */
        Map<Integer, Footprint.Touched> asleep = new HashMap<>();

        Run(int prefix) {
            super(new SplittableRandom(0), cfg.vcpus());
            this.prefix = prefix;
            this.driver = new ReferenceDriver(cfg, FactSink.tee(footprint, coverage), this).probe(this);
            footprint.take();
        }

        /** The run's summary, or null when it was cut short as one explored already (every actor asleep). */
        RunSummary execute() {
            RunSummary s;
            try {
                s = driver.run((DoubleConsumer) null);
            } catch (Explored e) {
                s = null;
            }
            if (touched.size() < actors.size()) settle(footprint.take());
            return s;
        }

        /** The last step's footprint is known: it wakes the sleepers it conflicts with. */
        private void settle(Footprint.Touched t) {
            touched.add(t);
            if (reduce) asleep.values().removeIf(a -> a.conflicts(t));
        }

        /** What each choice's step touched, for the sleep sets of the alternatives tried after it. */
        void remember() {
            for (int k = 0; k < stepAfter.size() && k < stack.size(); k++) {
                int j = stepAfter.get(k);
                if (j < touched.size()) stack.get(k).tried.put(stack.get(k).chosen, touched.get(j));
            }
        }

        @Override
        protected int pick(int[] agents, int n) {
            int k = choices++;
            int actor;
            Node nd;
            if (k < prefix) {
                nd = stack.get(k);
                if (!Arrays.equals(nd.candidates, Arrays.copyOf(agents, n))) {
                    throw new IllegalStateException("check: the run did not repeat under its own choices at choice " + k);
                }
                actor = nd.chosen;
            } else {
                actor = -1; // the actor that ran last while it may (no preemption), else the first awake
                for (int i = 0; i < n; i++) {
                    if (!asleep.containsKey(agents[i]) && (actor < 0 || agents[i] == last)) actor = agents[i];
                }
                if (actor < 0) throw new Explored();
                nd = new Node(Arrays.copyOf(agents, n), last, preemptions, actor);
                nd.asleep = Map.copyOf(asleep);
                // Without the reduction every candidate is an alternative; with it, races add them.
                if (reduce) nd.backtrack.set(actor);
                else for (int c : nd.candidates) nd.backtrack.set(c);
                nd.done.set(actor);
                stack.add(nd);
            }
            // Below a replayed choice, the actors tried there before it sleep (until a step conflicts with theirs); a
            // new choice has tried no other, and the sleepers stay as they are.
            if (reduce && k < prefix) {
                asleep = new HashMap<>(nd.asleep);
                for (int a = nd.done.nextSetBit(0); a >= 0; a = nd.done.nextSetBit(a + 1)) {
                    Footprint.Touched t = nd.tried.get(a);
                    if (a != actor && t != null) asleep.put(a, t);
                }
            }
            stepAfter.add(actors.size());
            if (nd.preempts(actor)) preemptions++;
            for (int i = 0; i < n; i++) if (agents[i] == actor) return i;
            throw new IllegalStateException("check: actor " + actor + " is not a candidate at choice " + k);
        }

        @Override
        public void step(int actor, int[] candidates, int count) {
            if (!actors.isEmpty()) settle(footprint.take());
            // The only actor that may go is asleep: this schedule was explored in another order.
            if (reduce && count <= 1 && asleep.containsKey(actor)) throw new Explored();
            actors.add(actor);
            choiceOf.add(count > 1 ? choices - 1 : -1);
            last = actor;
        }

        /**
         * Races of this run: for each step j of actor p, the latest step i of another actor that conflicts with it and
         * that p had not already seen (through its own previous step); p is tried at i's choice.
         */
        void races() {
            int m = actors.size();
            int width = 0;
            for (int a : actors) width = Math.max(width, a + 1);
            int[][] clock = new int[m][];
            int[] lastOf = new int[width];
            Arrays.fill(lastOf, -1);
            for (int j = 0; j < m; j++) {
                int p = actors.get(j);
                int[] seen = lastOf[p] >= 0 ? clock[lastOf[p]] : new int[width];
                Footprint.Touched tj = touched.get(j);
                int[] mine = seen.clone();
                boolean raced = false;
                for (int i = j - 1; i >= 0; i--) {
                    int q = actors.get(i);
                    if (q == p || !touched.get(i).conflicts(tj)) continue;
                    // The latest conflicting step p had not seen is the race; every conflicting step orders p's.
                    if (!raced && seen[q] <= i) {
                        int c = choiceOf.get(i);
                        Node nd = c >= 0 ? stack.get(c) : null;
                        if (nd != null && nd.has(p)) {
                            nd.backtrack.set(p);
                            raced = true;
                        } else if (nd != null) {
                            for (int a : nd.candidates) nd.backtrack.set(a);
                        }
                    }
                    int[] ci = clock[i];
                    for (int a = 0; a < width; a++) mine[a] = Math.max(mine[a], ci[a]);
                }
                mine[p] = j + 1;
                clock[j] = mine;
                lastOf[p] = j;
            }
        }
    }
}
