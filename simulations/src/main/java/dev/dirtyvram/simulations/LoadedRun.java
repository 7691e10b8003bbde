package dev.dirtyvram.simulations;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.driver.ActorIds;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.JournalKind;
import dev.dirtyvram.persistence.RunReader;
import dev.dirtyvram.persistence.StoredRun;
import dev.dirtyvram.persistence.TimelineMerger;
import java.util.List;

/**
 * A run read back from where it is kept (a run directory, or PostgreSQL's runs table): its scenario and every
 * actor's journaled facts. A reference-mode run has no journal (journal is null): it is a pure function of its
 * configuration and seed, so its timeline is derived again by running it, and replay's digest check against the
 * stored summary vouches for the result.
 */
record LoadedRun(StoredRun run, Scenario scenario, ActorIds ids, P2m p2m, RunReader.Journal journal) {

    static LoadedRun open(StoredRun run, Config pekko) {
        Scenario s = new ScenarioLoader().load(run, List.of());
        ActorIds ids = new ActorIds(s.cfg().vcpus());
        if (s.mode() == Scenario.Mode.REFERENCE) return new LoadedRun(run, s, ids, P2m.of(s.cfg()), null);
        if (s.journal() == JournalKind.OFF) {
            throw new BadInputException(run.where() + " was run with journal = off: it has no journal to replay (run it again instead)");
        }
        boolean finished = run.summary().isPresent();
        if (!run.journalStarted() && !finished) throw new Incomplete(run.where() + " was stopped before its journal held anything");
        RunReader.Journal journal = run.readJournal(ids.names(), pekko);
        if (journal.entries() == 0) {
            if (!finished) throw new Incomplete(run.where() + " was stopped before its journal held anything");
            throw new BadInputException("journal of " + run.where() + " is empty");
        }
        return new LoadedRun(run, s, ids, P2m.of(s.cfg()), journal);
    }

    /** A run killed before it journaled anything: nothing to judge, which is not bad input. */
    static final class Incomplete extends RuntimeException {
        Incomplete(String message) {
            super(message);
        }
    }

    boolean rederived() {
        return journal == null;
    }

    /** Feeds the merged timeline to {@code sink}; a log out of order is corrupt (bad input). */
    void timeline(FactSink sink) {
        if (rederived()) {
            new ReferenceDriver(scenario.cfg(), sink).run((java.util.function.DoubleConsumer) null);
            return;
        }
        try {
            TimelineMerger.merge(journal.streams(), sink);
        } catch (IllegalStateException e) {
            throw new BadInputException("journal of " + run.where() + " is corrupt: " + e.getMessage());
        }
    }

    RunFold fold() {
        RunFold fold = new RunFold(scenario.cfg(), p2m);
        timeline(fold);
        return fold;
    }
}
