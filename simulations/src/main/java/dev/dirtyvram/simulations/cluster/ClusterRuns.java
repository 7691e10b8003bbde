package dev.dirtyvram.simulations.cluster;

import com.typesafe.config.Config;
import dev.dirtyvram.actors.cluster.ClusterSettings;
import dev.dirtyvram.actors.cluster.RunCoordinator;
import dev.dirtyvram.domain.driver.StopSignal;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.store.RunReader;
import dev.dirtyvram.simulations.cli.Progress;
import dev.dirtyvram.simulations.run.JudgedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;
/** A sweep or hunt as the coordinator of a cluster: joins it, hands out the plan's runs, waits for them, leaves. */
public final class ClusterRuns {
    /** A coordinator gives up after this long without a worker member to hand its runs to. */
    static final int NO_WORKERS_SECONDS = 60;

    private ClusterRuns() {}

    /**
     * Makes every run of {@code plan} on the cluster's workers; returns early on SIGINT (the plan then has fewer
     * results than runs). The members' count and the runs done show on {@code progress}. When no run could be made
     * (no cluster to join, no worker in it), {@code output} is removed if it holds no file yet.
     *
     * @param output the directory this command made for its files, removed if nothing came of it; null: keep it (a resume's)
     */
    public static void coordinate(ClusterSettings settings, RunCoordinator.Plan plan, long planned, Config pekko, Progress progress, Path output) {
        try {
            coordinate(settings, plan, planned, pekko, progress);
        } catch (BadInputException e) {
            if (output == null) throw e;
            // Nothing was made: the sweep's or hunt's directory, holding no file but its plan, does not stay behind.
            try (var files = Files.walk(output)) {
                if (files.noneMatch(f -> Files.isRegularFile(f) && !isPlan(f))) JudgedRun.deleteTree(output);
            } catch (IOException ignored) {
                // left as it is
            }
            throw e;
        }
    }

    /** What a sweep or hunt writes before its first run (for --resume): no result. */
    private static boolean isPlan(Path f) {
        String name = f.getFileName().toString();
        try {
            return name.endsWith(".plan") || (name.equals("hunt.outcomes") && Files.size(f) == 0);
        } catch (IOException e) {
            return false;
        }
    }

    private static void coordinate(ClusterSettings settings, RunCoordinator.Plan plan, long planned, Config pekko, Progress progress) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Since when the cluster has had no worker member (MAX_VALUE: it has some).
        AtomicLong alone = new AtomicLong(System.nanoTime());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
            ctx.spawn(RunCoordinator.create(plan, done, s -> {
                if (s.members() > 0) alone.set(Long.MAX_VALUE);
                else alone.compareAndSet(Long.MAX_VALUE, System.nanoTime());
                progress.accept(planned <= 0 ? 0 : (double) s.finished() / planned,
                        "(" + s.members() + " member" + (s.members() == 1 ? "" : "s") + ", " + s.finished() + "/" + (planned < 0 ? "?" : planned)
                                + " runs" + (s.reassigned() > 0 ? ", " + s.reassigned() + " reassigned" : "") + ")");
            }), "coordinator");
            return Behaviors.empty();
        }), ClusterSettings.SYSTEM, settings.config(pekko, null));
        AtomicBoolean up = upFlag(system);
        try {
            StopSignal.await(done, () -> {
                if (up.get() && System.nanoTime() - alone.get() > TimeUnit.SECONDS.toNanos(NO_WORKERS_SECONDS)) {
                    throw new BadInputException("the cluster through " + String.join(",", settings.seeds()) + " has had no worker member for "
                            + NO_WORKERS_SECONDS + " s: start some with dirtyvram node --seed-nodes " + settings.seeds().get(0));
                }
                if (system.whenTerminated().isCompleted()) {
                    throw new BadInputException(left("this coordinator", settings.seeds(), up.get()));
                }
            });
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BadInputException b) throw b;
            throw new IllegalStateException("a run failed on a member: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RunReader.terminate(system); // leaves the cluster first (coordinated shutdown)
        }
    }

    /** Why {@code who}'s actor system ended: removed after it was up, or never joined through {@code seeds}. */
    static String left(String who, List<String> seeds, boolean wasUp) {
        return wasUp ? who + " was removed from the cluster (through " + String.join(",", seeds) + ")"
                : "could not join the cluster through " + String.join(",", seeds) + " within 20 s (is a node running there, trusting "
                + who + "'s certificate?)";
    }

    /** Becomes true once this process is an Up member of the cluster. */
    static AtomicBoolean upFlag(ActorSystem<?> system) {
        AtomicBoolean up = new AtomicBoolean();
        Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.set(true));
        return up;
    }
}
