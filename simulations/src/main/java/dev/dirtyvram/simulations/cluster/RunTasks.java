package dev.dirtyvram.simulations.cluster;

import com.typesafe.config.Config;
import dev.dirtyvram.actors.ActorRun;
import dev.dirtyvram.actors.cluster.RunWork;
import dev.dirtyvram.domain.oracle.FailureSignature;
import dev.dirtyvram.simulations.run.JudgedRun;
import dev.dirtyvram.simulations.run.ScenarioRun;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
/**
 * The two kinds of run that sweeps and hunts make, in this process or on a member of the cluster: the same code and
 * the same result either way, so a sweep's rows do not depend on where its runs were made.
 */
public final class RunTasks {
    private RunTasks() {}

    /** A sweep's run, kept like a local run: a run directory under {@code out} (and its rows, with journal = jdbc). */
    public static RunWork.Result kept(Scenario s, Path out, Config pekko) {
        ScenarioRun r = ScenarioRun.execute(s, ScenarioRun.prepare(s, out), pekko, null);
        return RunWork.Result.kept(r.dir().runId(), r.summary());
    }

    /** A hunt's run: its summary and failure signatures, nothing kept ({@code scratch} holds it for the while). */
    public static RunWork.Result judged(Scenario s, Path scratch, Config pekko) {
        return judged(s, scratch, pekko, null);
    }

    /** The same, a deterministic run made in {@code host} when it is not null. */
    public static RunWork.Result judged(Scenario s, Path scratch, Config pekko, ActorRun.Host host) {
        JudgedRun r = JudgedRun.of(s, pekko, scratch, host);
        return new RunWork.Result("", r.summary(), r.signatures().toArray(new FailureSignature[0]), r.situations());
    }

    public static Set<FailureSignature> signatures(RunWork.Result r) {
        return new LinkedHashSet<>(Arrays.asList(r.signatures()));
    }

    /**
     * What a member does with a run the coordinator sent: the resolved configuration as text, run here; a deterministic
     * hunt run in its worker thread's own actor system from {@code hosts}, as a local hunt's workers make theirs.
     */
    static RunWork.Result run(String scenario, boolean judged, Path out, Config pekko, Hosts hosts) {
        return run(new ScenarioLoader().loadText(scenario, "a run from the coordinator", List.of()), judged, out, pekko, hosts);
    }

    /** A run of a sweep (kept under {@code out}) or of a hunt (judged, in {@code out/scratch}), wherever it is made. */
    static RunWork.Result run(Scenario s, boolean judged, Path out, Config pekko, Hosts hosts) {
        if (!judged) return kept(s, out, pekko);
        Path scratch = out.resolve("scratch");
        return judged(s, scratch, pekko, s.mode() == Scenario.Mode.DETERMINISTIC ? hosts.of(s, pekko, scratch) : null);
    }

    /** One actor system ({@link ActorRun.Host}) per worker thread, made at its first deterministic run; closed with the member. */
    static final class Hosts implements AutoCloseable {
        private final Map<Thread, ActorRun.Host> byThread = new ConcurrentHashMap<>();

        ActorRun.Host of(Scenario s, Config pekko, Path scratch) {
            return byThread.computeIfAbsent(Thread.currentThread(), t -> JudgedRun.hostFor(s, pekko, scratch));
        }

        @Override
        public void close() {
            byThread.values().forEach(ActorRun.Host::close);
            byThread.clear();
        }
    }
}
