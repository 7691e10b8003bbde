package dev.dirtyvram.simulations.run;

import com.typesafe.config.Config;
import dev.dirtyvram.actors.ActorRun;
import dev.dirtyvram.domain.driver.Fatal;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.driver.StopSignal;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.domain.schedule.ChoiceLog;
import dev.dirtyvram.domain.schedule.ChoiceSequence;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.JournalFailedException;
import dev.dirtyvram.persistence.JournalKind;
import dev.dirtyvram.persistence.store.JdbcSettings;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.cli.Json;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
/**
 * One scenario into one run directory, as `run` and every point of a sweep do it: the resolved configuration is
 * written first, the run goes in the scenario's mode, the summary is written last.
 */
public record ScenarioRun(RunDirectory dir, RunSummary summary, Map<String, Object> fields) {

    /** A fresh run directory holding the scenario's resolved configuration. */
    public static RunDirectory prepare(Scenario s, Path out) {
        RunDirectory dir = directory(s, out);
        dir.writeConfig(s.render());
        return dir;
    }

    /** A fresh run directory for {@code s}; with journal = jdbc, its id taken in the database's runs table first. */
    public static RunDirectory directory(Scenario s, Path out) {
        return RunDirectory.create(out, runId(s), s.journal() == JournalKind.JDBC ? JdbcSettings.of(s.resolved()) : null);
    }

    public static ScenarioRun execute(Scenario s, RunDirectory dir, Config pekko, DoubleConsumer progress) {
        RunSummary summary;
        SummaryTable.Live live;
        ChoiceLog choices = null;
        if (s.mode() == Scenario.Mode.REFERENCE) {
            long t0 = System.nanoTime();
            ReferenceDriver driver = new ReferenceDriver(s.cfg(), null);
            try {
                summary = driver.run(progress);
            } catch (Fatal.RunFailed e) {
                throw markFailed(dir, s, e);
            }
            choices = driver.choices();
            live = new SummaryTable.Live(0, 0, (System.nanoTime() - t0) / 1e9, 1, 1);
        } else {
            ActorRun.Options how = s.mode() == Scenario.Mode.DETERMINISTIC ? ActorRun.Options.deterministic(s.journal())
                    : ActorRun.Options.concurrent(s.journal(), s.dilation());
            ActorRun.Result r;
            try {
                r = ActorRun.run(s.cfg(), dir, pekko, progress, how);
            } catch (JournalFailedException e) {
                // The directory says what happened: no replay may pass it off as a finished run.
                writeFailed(dir, s, e.getMessage(), null);
                throw new JournalFailedException(e.getMessage() + "; " + dir.root() + " is marked failed");
            } catch (Fatal.RunFailed e) {
                throw markFailed(dir, s, e);
            }
            summary = r.summary();
            if (s.mode() == Scenario.Mode.DETERMINISTIC) choices = r.choices();
            live = new SummaryTable.Live(s.journal() == JournalKind.OFF ? 0 : r.eventsPersisted(), r.journalBytes(),
                    r.wallSeconds(), r.dilation(), r.dilationMax());
        }
        if (choices != null) {
            try {
                ChoiceSequence.write(dir.root().resolve(ChoiceSequence.FILE), choices);
            } catch (IOException e) {
                throw new BadInputException("cannot write " + dir.root().resolve(ChoiceSequence.FILE) + ": " + BadInputException.reason(e));
            }
        }
        Map<String, Object> fields = SummaryTable.fields(dir.runId(), s, summary, live);
        if (interrupted(summary)) {
            SummaryTable.unjudged(fields, "interrupted");
            fields.put("interrupted", true);
        }
        dir.writeSummary(Json.object(fields) + "\n");
        return new ScenarioRun(dir, summary, fields);
    }

    /** The run's directory says it failed, with what it had measured: no replay may pass it off as a finished run. */
    private static void writeFailed(RunDirectory dir, Scenario s, String failure, RunSummary measured) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (measured != null) {
            fields.putAll(SummaryTable.fields(dir.runId(), s, measured, null));
            SummaryTable.unjudged(fields, "failed");
        } else {
            fields.put("runId", dir.runId());
            fields.put("verdict", "failed");
        }
        fields.put("complete", false);
        fields.put("failure", failure);
        dir.writeSummary(Json.object(fields) + "\n");
    }

    private static Fatal.RunFailed markFailed(RunDirectory dir, Scenario s, Fatal.RunFailed e) {
        try {
            writeFailed(dir, s, e.getMessage(), e.measured().orElse(null));
            return e.in(dir.root().toString());
        } catch (RuntimeException | Error again) {
            return e; // the one line still goes out; the directory has no summary, which also says the run did not finish
        }
    }

    /** Stopped by SIGINT before its quiesce protocol finished: what it measured is written, marked so. */
    public static boolean interrupted(RunSummary summary) {
        return StopSignal.requested() && !summary.complete();
    }

    /** Knobs a run's id names when they differ from its scenario's (a sweep's varied values), by their short names. */
    private static final Map<String, String> NAMED = namedKnobs();

    private static Map<String, String> namedKnobs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("harvest.interval", "");
        m.put("tlb.mode", "");
        m.put("harvest.flush-after-clear", "flush-");
        m.put("harvest.atomic-clear", "atomic-");
        m.put("harvest.count-policy", "");
        m.put("harvest.sl1ma-version", "");
        m.put("harvest.linear-walk-hooks", "hooks-");
        m.put("shadow.set-l1e", "");
        m.put("cost.preset", "cost-");
        m.put("vcpus", "vcpus");
        m.put("lfb.pages", "pages");
        m.put("lfb.mfn-layout", "");
        m.put("tlb.capacity", "tlb");
        m.put("guest.write-rate", "rate");
        m.put("guest.vm-exit-rate", "exits");
        m.put("schedule.window", "window");
        m.put("schedule.policy", "");
        return m;
    }

    /**
     * scenario-strategy-sSEED-time, with the knobs that differ from the built-in scenario's named after the seed (a
     * sweep's runs: "default-sl1ma-s2-10ms-untagged-..."), so that a run's id says which point it is.
     */
    static String runId(Scenario s) {
        StringBuilder varied = new StringBuilder();
        new ScenarioLoader().differences(s, List.copyOf(NAMED.keySet()))
                .forEach((k, v) -> varied.append('-').append(NAMED.get(k)).append(v.replaceAll("[^A-Za-z0-9._-]", "")));
        return s.name() + "-" + s.cfg().strategy().id + "-s" + s.cfg().seed() + varied + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }
}
