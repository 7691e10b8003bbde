package dev.dirtyvram.simulations;

import com.typesafe.config.Config;
import dev.dirtyvram.actors.ActorRun;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.driver.StopSignal;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.domain.schedule.ChoiceSequence;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.JdbcSettings;
import dev.dirtyvram.persistence.JournalFailedException;
import dev.dirtyvram.persistence.JournalKind;
import dev.dirtyvram.persistence.RunDirectory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * One scenario into one run directory, as `run` and every point of a sweep do it: the resolved configuration is
 * written first, the run goes in the scenario's mode, the summary is written last.
 */
record ScenarioRun(RunDirectory dir, RunSummary summary, Map<String, Object> fields) {

    /** A fresh run directory holding the scenario's resolved configuration. */
    static RunDirectory prepare(Scenario s, Path out) {
        RunDirectory dir = directory(s, out);
        dir.writeConfig(s.render());
        return dir;
    }

    /** A fresh run directory for {@code s}; with journal = jdbc, its id taken in the database's runs table first. */
    static RunDirectory directory(Scenario s, Path out) {
        return RunDirectory.create(out, runId(s), s.journal() == JournalKind.JDBC ? JdbcSettings.of(s.resolved()) : null);
    }

    static ScenarioRun execute(Scenario s, RunDirectory dir, Config pekko, DoubleConsumer progress) {
        RunSummary summary;
        Report.Live live;
        int[] choices = null;
        if (s.mode() == Scenario.Mode.REFERENCE) {
            long t0 = System.nanoTime();
            ReferenceDriver driver = new ReferenceDriver(s.cfg(), null);
            summary = driver.run(progress);
            choices = driver.choices();
            live = new Report.Live(0, 0, (System.nanoTime() - t0) / 1e9, 1, 1);
        } else {
            ActorRun.Options how = s.mode() == Scenario.Mode.DETERMINISTIC ? ActorRun.Options.deterministic(s.journal())
                    : ActorRun.Options.concurrent(s.journal(), s.dilation());
            ActorRun.Result r;
            try {
                r = ActorRun.run(s.cfg(), dir, pekko, progress, how);
            } catch (JournalFailedException e) {
                // The directory says what happened: no replay may pass it off as a finished run.
                Map<String, Object> failed = new java.util.LinkedHashMap<>();
                failed.put("runId", dir.runId());
                failed.put("verdict", "failed");
                failed.put("complete", false);
                failed.put("failure", e.getMessage());
                dir.writeSummary(Json.object(failed) + "\n");
                throw new JournalFailedException(e.getMessage() + "; " + dir.root() + " is marked failed");
            }
            summary = r.summary();
            if (s.mode() == Scenario.Mode.DETERMINISTIC) choices = r.choices();
            live = new Report.Live(s.journal() == JournalKind.OFF ? 0 : r.eventsPersisted(), r.journalBytes(),
                    r.wallSeconds(), r.dilation(), r.dilationMax());
        }
        if (choices != null) {
            try {
                ChoiceSequence.write(dir.root().resolve(ChoiceSequence.FILE), choices);
            } catch (java.io.IOException e) {
                throw new BadInputException("cannot write " + dir.root().resolve(ChoiceSequence.FILE) + ": " + BadInputException.reason(e));
            }
        }
        Map<String, Object> fields = Report.fields(dir.runId(), s, summary, live);
        if (interrupted(summary)) {
            Report.unjudged(fields, "interrupted");
            fields.put("interrupted", true);
        }
        dir.writeSummary(Json.object(fields) + "\n");
        return new ScenarioRun(dir, summary, fields);
    }

    /** Stopped by SIGINT before its quiesce protocol finished: what it measured is written, marked so. */
    static boolean interrupted(RunSummary summary) {
        return StopSignal.requested() && !summary.complete();
    }

    static String runId(Scenario s) {
        return s.name() + "-" + s.cfg().strategy().id + "-s" + s.cfg().seed() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }
}
