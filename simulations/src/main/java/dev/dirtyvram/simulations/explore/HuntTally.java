package dev.dirtyvram.simulations.explore;

import dev.dirtyvram.domain.config.SchedulePolicy;
import dev.dirtyvram.domain.oracle.Coverage;
import dev.dirtyvram.domain.oracle.FailureSignature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a hunt found: its runs' outcomes grouped by failure signature, and how sure a rate is (Wilson's interval). */
public final class HuntTally {
    private HuntTally() {}

    /**
     * One run of the hunt: what its outcome line in {@code hunt.outcomes} and its row in {@code hunt.csv} hold;
     * {@code situations}: the protocol situations it reached ({@code Coverage}, a bit set).
     */
    public record Outcome(int index, long seed, SchedulePolicy policy, long lostUpdates, long lateReports, Set<FailureSignature> signatures,
                          long situations) {
        public boolean failed() {
            return !signatures.isEmpty();
        }
    }

    /** The index of the first failing run, or {@link Integer#MAX_VALUE} when none failed. */
    public static int firstFailing(List<Outcome> done) {
        return done.stream().filter(Outcome::failed).mapToInt(Outcome::index).min().orElse(Integer.MAX_VALUE);
    }

    /** Runs that reached each protocol situation ({@code Coverage.Situation}'s order). */
    public static long[] coverage(List<Outcome> done) {
        long[] counts = new long[Coverage.Situation.values().length];
        for (Outcome o : done) Coverage.count(o.situations(), counts);
        return counts;
    }

    /** How many failing runs per signature, and where it first showed (the run in index order; saved as runDir). */
    public static final class Tally {
        public int failingRuns;
        public Outcome first;
        public String runDir;
    }

    /** The outcomes (in index order) by signature, in the order the signatures first showed. */
    public static Map<FailureSignature, Tally> of(List<Outcome> done) {
        Map<FailureSignature, Tally> t = new LinkedHashMap<>();
        for (Outcome o : done) {
            for (FailureSignature sig : o.signatures()) {
                Tally x = t.computeIfAbsent(sig, k -> new Tally());
                x.failingRuns++;
                if (x.first == null) x.first = o;
            }
        }
        return t;
    }

    /** Wilson score interval at 95 %: (low, high) for k failures in n runs. */
    public static double[] wilson(int k, int n) {
        double z = 1.959964;
        double p = (double) k / n;
        double den = 1 + z * z / n;
        double mid = (p + z * z / (2.0 * n)) / den;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / den;
        return new double[] {Math.max(0, mid - half), Math.min(1, mid + half)};
    }
}
