package dev.dirtyvram.simulations.cluster;

import com.typesafe.config.Config;
import dev.dirtyvram.actors.cluster.ClusterSettings;
import dev.dirtyvram.actors.cluster.RunWorker;
import dev.dirtyvram.domain.driver.StopSignal;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.store.RunReader;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Options;
import dev.dirtyvram.simulations.cli.Verbosity;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
/**
 * A worker member of the cluster: takes runs from whichever sweep or hunt coordinates, until stopped (SIGINT or
 * SIGTERM: it leaves the cluster, and the runs it was making go to other members).
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Start a worker member of a dirtyvram cluster: it makes the runs that `sweep --cluster` and `hunt --cluster` hand out, until stopped.")
public final class NodeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "2551", description = "Port to listen on (default 2551; 0: any free port).")
    int port;

    @Option(names = "--seed-nodes", description = "host:port,... of members to join through (default: none, this node starts a cluster).")
    String seedNodes;

    @Option(names = "--jobs", description = "Runs at once (default: one per core).")
    Integer jobs;

    @Option(names = "--out", defaultValue = "runs", description = "Where sweep runs made here go, with the embedded journal (default: runs).")
    Path out;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Mixin
    Verbosity verbosity = new Verbosity();

    @Override
    public Integer call() throws Exception {
        Config pekko = verbosity.apply();
        int slots = Options.jobs(jobs);
        List<String> seeds = ClusterOptions.members(seedNodes);
        if (seeds.isEmpty() && port == 0) throw new BadInputException("a node that starts a cluster (no --seed-nodes) needs a fixed --port for others to join");
        ClusterSettings settings = cluster.settings(port, seeds.isEmpty() ? List.of(cluster.host + ":" + port) : seeds);
        ExecutorService threads = Executors.newFixedThreadPool(slots);
        RunTasks.Hosts hosts = new RunTasks.Hosts();
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss");
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
            for (int i = 0; i < slots; i++) {
                ctx.spawn(RunWorker.create((scenario, judged) -> RunTasks.run(scenario, judged, out, pekko, hosts), threads,
                        line -> System.out.println(LocalTime.now().format(hms) + " " + line)), "worker-" + i);
            }
            return Behaviors.empty();
        }), ClusterSettings.SYSTEM, settings.config(pekko, RunWorker.ROLE));
        AtomicBoolean up = ClusterRuns.upFlag(system);
        String address = system.address().toString();
        System.out.println("node " + address + ": " + slots + " run" + (slots == 1 ? "" : "s") + " at once, "
                + (seeds.isEmpty() ? "starting a cluster" : "joining through " + String.join(",", seeds))
                + (settings.tls() == null ? "" : ", TLS") + "; runs kept under " + out);
        AtomicBoolean announced = new AtomicBoolean();
        try {
            // Until stopped, or until the member's actor system ends (it could not join, or it was removed).
            StopSignal.await(system.getWhenTerminated().toCompletableFuture(), () -> {
                if (up.get() && !announced.getAndSet(true)) {
                    System.out.println("node " + address + " is up: it takes runs until stopped (Ctrl-C)");
                }
            });
        } finally {
            RunReader.terminate(system); // leaves the cluster first (coordinated shutdown)
            threads.shutdownNow();
            try {
                threads.awaitTermination(30, TimeUnit.SECONDS); // a run stopping still uses its host
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hosts.close();
        }
        if (StopSignal.requested()) {
            System.out.println("node " + address + " left the cluster");
            return ExitStatus.INTERRUPTED.code;
        }
        throw new BadInputException(ClusterRuns.left("this node", seeds, up.get()));
    }
}
