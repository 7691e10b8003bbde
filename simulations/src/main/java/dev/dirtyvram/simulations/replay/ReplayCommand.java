package dev.dirtyvram.simulations.replay;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.persistence.store.StoredRun;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Json;
import dev.dirtyvram.simulations.cli.Verbosity;
import dev.dirtyvram.simulations.run.SummaryTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
@Command(name = "replay", mixinStandardHelpOptions = true, description = "Rebuild a run from its journal alone (a reference-mode run: by running it again), re-run the oracle, print its summary.")
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    RunSource source = new RunSource();

    @Option(names = "--verify", description = "Compare with the run's summary.json; exit 1 naming every field that differs.")
    boolean verify;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Mixin
    Verbosity verbosity = new Verbosity();

    @Override
    public Integer call() {
        Config pekko = verbosity.apply();
        LoadedRun run = LoadedRun.open(source.open(), pekko);
        long t0 = System.nanoTime();
        RunSummary summary = run.fold().summary();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> fields = SummaryTable.fields(run.run().runId(), run.scenario(), summary, null);
        if (!run.rederived()) fields.put("eventsPersisted", run.entries());
        if (!summary.complete()) SummaryTable.unjudged(fields, "incomplete");
        if (json) System.out.println(Json.object(fields));
        else SummaryTable.table(System.out, "replay of " + run.run().where(), fields);
        if (!json) {
            System.out.printf(Locale.ROOT, "folded %d facts in %.3f s (%.0f guest writes/s)%n",
                    summary.facts(), seconds, summary.guestWrites() / Math.max(seconds, 1e-9));
        }
        if (!summary.complete()) {
            System.err.println("dirtyvram: incomplete: the journal ends before the quiesce protocol finished (killed?): lost updates are not judged"
                    + (run.run().summary().isPresent() ? "" : "; no summary to verify against")
                    + run.tornTail().map(t -> "; " + t).orElse(""));
            return ExitStatus.INCONCLUSIVE.code;
        }
        run.tornTail().ifPresent(t -> System.err.println("dirtyvram: note: " + t));
        if (!verify) return ExitStatus.OK.code;
        Optional<String> stored = run.run().summary();
        if (stored.isEmpty()) {
            System.err.println("dirtyvram: incomplete: " + run.run().where() + " has no summary (the run was stopped before it wrote one): nothing to verify against");
            return ExitStatus.INCONCLUSIVE.code;
        }
        Config live;
        try {
            live = ConfigFactory.parseString(stored.get());
        } catch (ConfigException e) {
            throw new BadInputException(summaryOf(run.run()) + " is not a run summary: " + e.getMessage());
        }
        List<String> diffs = differences(live, ConfigFactory.parseString(Json.object(fields)));
        if (diffs.isEmpty()) {
            System.err.println("verified: the replay's summary equals " + summaryOf(run.run()));
            return ExitStatus.OK.code;
        }
        System.err.println("dirtyvram: replay differs from " + summaryOf(run.run()) + ": " + String.join("; ", diffs));
        return ExitStatus.VIOLATION.code;
    }

    /** The stored summary, named for messages. */
    private static String summaryOf(StoredRun run) {
        return run instanceof RunDirectory d ? d.root().resolve(RunDirectory.SUMMARY).toString()
                : "the summary of " + run.where();
    }

    /**
     * Equal, or for a latency percentile within the histogram's precision (0.1 %, and the microsecond it prints): a
     * run of a release that kept every latency exactly still verifies.
     */
    private static boolean sameNumber(String key, double live, double replay) {
        if (Double.compare(live, replay) == 0) return true;
        return key.startsWith("latencyP") && Math.abs(live - replay) <= 0.001 * Math.abs(live) + 0.001;
    }

    /** Summary fields newer than some runs: an older summary lacks them, and what that release ran counts none. */
    private static final Set<String> ADDED_LATER = Set.of("ringFullExits");

    static List<String> differences(Config live, Config replay) {
        List<String> diffs = new ArrayList<>();
        for (String k : replay.root().keySet()) {
            if (SummaryTable.LIVE_ONLY.contains(k)) continue;
            Object r = replay.getValue(k).unwrapped();
            Object l;
            try {
                l = live.getValue(k).unwrapped();
            } catch (ConfigException.Missing e) {
                boolean addedLater = ADDED_LATER.contains(k) && r instanceof Number n && n.doubleValue() == 0;
                if (!addedLater) diffs.add(k + " (missing from summary.json)");
                continue;
            }
            boolean same = r instanceof Number rn && l instanceof Number ln
                    ? sameNumber(k, ln.doubleValue(), rn.doubleValue()) : r.equals(l);
            if (!same) diffs.add(k + " (live " + l + ", replay " + r + ")");
        }
        return diffs;
    }
}
