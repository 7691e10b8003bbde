package dev.dirtyvram.simulations.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.config.SchedulePolicy;
import dev.dirtyvram.domain.oracle.Explainer;
import dev.dirtyvram.domain.oracle.FailureSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A hunt's tally without the command line. */
class HuntTallyTest {
    private static final FailureSignature STALE = new FailureSignature(Explainer.Violation.values()[0], Explainer.Cause.values()[0]);
    private static final FailureSignature OTHER = new FailureSignature(Explainer.Violation.values()[1], Explainer.Cause.values()[1]);

    private static HuntTally.Outcome run(int i, FailureSignature... sigs) {
        return new HuntTally.Outcome(i, 100 + i, SchedulePolicy.UNIFORM, sigs.length, 0, Set.of(sigs), 0);
    }

    @Test
    void failingRunsAreCountedPerSignatureEachWithTheFirstRunThatShowedIt() {
        List<HuntTally.Outcome> done = new ArrayList<>(List.of(run(0), run(1, OTHER), run(2, STALE, OTHER), run(3), run(4, STALE)));
        Map<FailureSignature, HuntTally.Tally> t = HuntTally.of(done);
        assertEquals(List.of(OTHER, STALE), List.copyOf(t.keySet()), "in the order the signatures first showed");
        assertEquals(2, t.get(OTHER).failingRuns);
        assertEquals(1, t.get(OTHER).first.index());
        assertEquals(2, t.get(STALE).failingRuns, "a run with two signatures counts for both");
        assertEquals(102, t.get(STALE).first.seed());
        assertTrue(HuntTally.of(List.of(run(0), run(1))).isEmpty(), "no failure, no signature");
    }

    @Test
    void wilsonsIntervalHoldsTheRateAndIsNeverEmptyForZeroFailures() {
        double[] none = HuntTally.wilson(0, 1000);
        assertEquals(0.0, none[0], 1e-12);
        assertEquals(1.96 * 1.96 / (1000 + 1.96 * 1.96), none[1], 1e-5, "none in n: the upper end is z^2 / (n + z^2)");
        double[] half = HuntTally.wilson(50, 100);
        assertTrue(half[0] < 0.5 && half[1] > 0.5 && half[0] > 0.39 && half[1] < 0.61, half[0] + ".." + half[1]);
    }
}
