package dev.dirtyvram.simulations.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.actors.cluster.RunWork;
import dev.dirtyvram.simulations.cli.Progress;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner of sweeps and hunts, here, without the command line. */
class RunnerTest {
    @TempDir
    Path out;

    private static final Progress QUIET = new Progress(new PrintStream(OutputStream.nullOutputStream()), "test", false);

    /** Seed {@code id + 1} of a small reference run of {@code svm-no-flush}, whose stores some seeds lose. */
    private static Scenario run(long id) {
        return new ScenarioLoader().load("svm-no-flush", Setting.parseAll(List.of("mode=reference", "journal=off", "duration=50ms", "seed=" + (id + 1))));
    }

    /** Runs 0..n-1 in order; stops starting runs after a failure when {@code stopAtFirst}. */
    private static final class Plan implements Runner.Plan {
        final int n;
        final boolean stopAtFirst;
        final Map<Long, RunWork.Result> finished = new ConcurrentHashMap<>();
        final Map<Long, Integer> started = new ConcurrentHashMap<>();
        private long next;
        private boolean failed;

        Plan(int n, boolean stopAtFirst) {
            this.n = n;
            this.stopAtFirst = stopAtFirst;
        }

        @Override
        public synchronized long next() {
            if (exhausted()) return -1;
            started.merge(next, 1, Integer::sum);
            return next++;
        }

        @Override
        public Scenario scenario(long id) {
            return run(id);
        }

        @Override
        public boolean judged() {
            return true;
        }

        @Override
        public boolean stillWanted(long id) {
            return true;
        }

        @Override
        public void finished(long id, RunWork.Result r) {
            assertTrue(finished.put(id, r) == null, "run " + id + " finished twice");
            if (r.signatures().length > 0 && stopAtFirst) {
                synchronized (this) {
                    failed = true;
                }
            }
        }

        @Override
        public synchronized boolean exhausted() {
            return next >= n || failed;
        }
    }

    @Test
    void everyRunIsMadeOnceWhateverTheWorkersAndEachResultIsTheRunsOwn() throws Exception {
        Plan plan = new Plan(6, false);
        Runner.run(plan, new Runner.Where(2, null, out), 6, 0, ConfigFactory.load(), QUIET, null);
        assertEquals(6, plan.finished.size());
        for (long id = 0; id < 6; id++) {
            assertEquals(1, plan.started.get(id), "run " + id + " started once");
            RunWork.Result alone = RunTasks.judged(run(id), out.resolve("alone"), ConfigFactory.load());
            assertEquals(alone.summary().digest(), plan.finished.get(id).summary().digest(), "run " + id + " as if made alone");
        }
    }

    @Test
    void aPlanThatIsExhaustedStartsNoMoreRuns() throws Exception {
        Plan plan = new Plan(40, true);
        Runner.run(plan, new Runner.Where(1, null, out), 40, 0, ConfigFactory.load(), QUIET, null);
        long failing = plan.finished.values().stream().filter(r -> r.signatures().length > 0).count();
        assertEquals(1, failing, "one worker stops at the first failure: " + plan.finished.size() + " runs made");
        assertTrue(plan.finished.size() < 40, "some seed of the 40 fails, and no run starts after it");
    }
}
