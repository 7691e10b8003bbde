package dev.dirtyvram.simulations.run;

import com.typesafe.config.Config;
import dev.dirtyvram.actors.ActorRun;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.oracle.Coverage;
import dev.dirtyvram.domain.oracle.Explainer;
import dev.dirtyvram.domain.oracle.FailureSignature;
import dev.dirtyvram.domain.oracle.Oracle;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.domain.oracle.StoreRanges;
import dev.dirtyvram.persistence.JournalKind;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;
/**
 * One seeded run as hunt and shrink make it (reference or deterministic mode, journal off) with its verdicts: when it
 * lost or reported late a store, the same seed runs again with the explainer listening, and each verdict's
 * (violation, cause) is a signature of the run. {@code situations}: the protocol situations it reached ({@link Coverage}).
 */
public record JudgedRun(RunSummary summary, int[] choices, Set<FailureSignature> signatures, List<Explainer.Verdict> verdicts, long situations) {
    /** Pages explained at most: enough to name every cause a run shows. */
    private static final int PAGES = 64;

    public boolean failed() {
        return !signatures.isEmpty();
    }

    /** @param scratch where a deterministic run's (unjournaled) run directory may go for the while */
    public static JudgedRun of(Scenario s, Config pekko, Path scratch) {
        return of(s, pekko, scratch, null);
    }

    /** The same, a deterministic run made in {@code host} (one actor system for many runs) when it is not null. */
    public static JudgedRun of(Scenario s, Config pekko, Path scratch, ActorRun.Host host) {
        RunSummary summary;
        Oracle oracle;
        int[] choices;
        Coverage coverage = new Coverage(s.cfg().vcpus());
        if (s.mode() == Scenario.Mode.REFERENCE) {
            ReferenceDriver d = new ReferenceDriver(s.cfg(), coverage, false);
            summary = d.run((DoubleConsumer) null);
            oracle = d.domain().fold.oracle();
            choices = d.choices().toArray();
        } else {
            ActorRun.Result r = run(s, pekko, scratch, coverage, host);
            summary = r.summary();
            oracle = r.oracle();
            choices = r.choices().toArray();
        }
        if (!summary.complete()) throw new IllegalStateException("seed " + s.cfg().seed() + " did not complete its run");
        if (summary.lostUpdates() == 0 && summary.lateReports() == 0) return new JudgedRun(summary, choices, Set.of(), List.of(), coverage.reached());
        Map<Integer, StoreRanges> lost = new HashMap<>();
        Map<Integer, StoreRanges> late = new HashMap<>();
        // The oracle keeps the late stores of the first pages to have any (Oracle.LATE_PAGES, as many as are explained).
        for (int p = 0; p < s.cfg().lfbPages() && lost.size() + late.size() < PAGES; p++) {
            StoreRanges l = oracle.unshown(p);
            if (!l.isEmpty()) lost.put(p, l);
            StoreRanges k = oracle.late(p);
            if (!k.isEmpty()) late.put(p, k);
        }
        Explainer ex = new Explainer(s.cfg(), Machine.p2m(s.cfg()), lost, late, Set.of());
        replay(s, pekko, scratch, ex, host);
        Set<FailureSignature> signatures = new LinkedHashSet<>();
        List<Explainer.Verdict> verdicts = new ArrayList<>();
        Set<Integer> pages = new TreeSet<>(lost.keySet());
        pages.addAll(late.keySet());
        for (int p : pages) {
            for (Explainer.Verdict v : ex.verdicts(p)) {
                signatures.add(new FailureSignature(v.violation(), v.cause()));
                verdicts.add(v);
            }
        }
        return new JudgedRun(summary, choices, signatures, verdicts, coverage.reached());
    }

    /** The same seed again, its timeline to {@code sink} (the run is deterministic in both modes). */
    public static void replay(Scenario s, Config pekko, Path scratch, FactSink sink, ActorRun.Host host) {
        if (s.mode() == Scenario.Mode.REFERENCE) new ReferenceDriver(s.cfg(), sink, false).run((DoubleConsumer) null);
        else run(s, pekko, scratch, sink, host);
    }

    /** Scratch directories of runs made at once (hunt's jobs) must not race for one name. */
    private static final AtomicLong SCRATCH = new AtomicLong();

    private static ActorRun.Result run(Scenario s, Config pekko, Path scratch, FactSink sink, ActorRun.Host host) {
        ActorRun.Options how = ActorRun.Options.deterministic(JournalKind.OFF).explainedBy(sink).judgedOnly();
        if (host != null) return host.run(s.cfg(), how);
        RunDirectory dir = RunDirectory.create(scratch, "run-" + SCRATCH.incrementAndGet());
        try {
            return ActorRun.run(s.cfg(), dir, pekko, null, how);
        } finally {
            deleteTree(dir.root());
        }
    }

    /** A host for a worker's deterministic runs (null for reference-mode ones, which need no actors); close it after. */
    public static ActorRun.Host hostFor(Scenario s, Config pekko, Path scratch) {
        if (s.mode() != Scenario.Mode.DETERMINISTIC) return null;
        return new ActorRun.Host(RunDirectory.create(scratch, "host-" + SCRATCH.incrementAndGet()), pekko);
    }

    public static void deleteTree(Path p) {
        try (var walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a scratch directory left behind is harmless
        }
    }
}
