package dev.dirtyvram.simulations.cluster;

import com.typesafe.config.Config;
import dev.dirtyvram.actors.cluster.ClusterSettings;
import dev.dirtyvram.actors.cluster.RunCoordinator;
import dev.dirtyvram.actors.cluster.RunWork;
import dev.dirtyvram.domain.driver.StopSignal;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.simulations.cli.Progress;
import dev.dirtyvram.simulations.scenario.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one runner of a list of runs, for sweeps and hunts alike: here, {@code --jobs} at once (each worker thread's
 * deterministic runs in one actor system of its own), or on a cluster's members (the coordinator hands the runs out,
 * and makes again those lost with a member). The plan says which runs, in what order, and what becomes of their results.
 */
public final class Runner {
    /** What a sweep or hunt asks for. Here its methods are called from several worker threads: they synchronize. */
    public interface Plan {
        /** The next run's id, or -1 when none is to start now (none left, or the command is stopping). */
        long next();

        /** Run {@code id} as a scenario (on a cluster, rendered and sent to a member). */
        Scenario scenario(long id);

        /** Whether the runs are judged (a hunt's: explained, nothing kept) or kept (a sweep's: a run directory each). */
        boolean judged();

        /** Whether run {@code id}, handed to a member that was lost, must still be made. */
        boolean stillWanted(long id);

        void finished(long id, RunWork.Result result);

        /** No new run will start any more. */
        boolean exhausted();
    }

    /**
     * Where the runs are made: here, {@code jobs} at once, or (when {@code cluster} is not null) on the cluster's members.
     * {@code out}: where a kept run's directory goes, and a judged run's scratch ({@code out/scratch}).
     */
    public record Where(int jobs, ClusterSettings cluster, Path out) {}

    private Runner() {}

    /**
     * Makes the plan's runs; returns once it is exhausted, or on SIGINT. {@code planned} runs in all (0 or less:
     * unknown), {@code done} of them before (a resume's), for {@code progress}.
     *
     * @param output the command's directory, removed when a cluster made nothing of it (null: keep it, a resume's)
     */
    public static void run(Plan plan, Where where, long planned, long done, Config pekko, Progress progress, Path output) throws InterruptedException {
        if (where.cluster() == null) here(plan, where, planned, done, pekko, progress);
        else ClusterRuns.coordinate(where.cluster(), onCluster(plan), planned, pekko, progress, output);
    }

    private static void here(Plan plan, Where where, long planned, long done, Config pekko, Progress progress) throws InterruptedException {
        AtomicLong finished = new AtomicLong(done);
        ExecutorService pool = Executors.newFixedThreadPool(where.jobs());
        try (RunTasks.Hosts hosts = new RunTasks.Hosts()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < where.jobs(); w++) {
                workers.add(pool.submit(() -> {
                    while (!StopSignal.requested()) {
                        long id = plan.exhausted() ? -1 : plan.next();
                        if (id < 0) return null;
                        plan.finished(id, RunTasks.run(plan.scenario(id), plan.judged(), where.out(), pekko, hosts));
                        if (planned > 0) progress.accept((double) finished.incrementAndGet() / planned);
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BadInputException b) throw b;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("a run failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The plan as the cluster's coordinator asks for it: each run's resolved configuration as text. */
    private static RunCoordinator.Plan onCluster(Plan plan) {
        return new RunCoordinator.Plan() {
            @Override
            public RunCoordinator.Task next() {
                long id = plan.next();
                return id < 0 ? null : new RunCoordinator.Task(id, plan.scenario(id).render(), plan.judged());
            }

            @Override
            public boolean stillWanted(RunCoordinator.Task t) {
                return plan.stillWanted(t.id());
            }

            @Override
            public void finished(RunCoordinator.Task t, RunWork.Result result) {
                plan.finished(t.id(), result);
            }

            @Override
            public boolean exhausted() {
                return plan.exhausted();
            }
        };
    }
}
