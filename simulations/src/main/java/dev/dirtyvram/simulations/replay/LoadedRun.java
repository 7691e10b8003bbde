package dev.dirtyvram.simulations.replay;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.TimelineMerger;
import dev.dirtyvram.domain.memory.FrameContents;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.IncompleteRunException;
import dev.dirtyvram.persistence.JournalKind;
import dev.dirtyvram.persistence.store.RunReader;
import dev.dirtyvram.persistence.store.StoredRun;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleConsumer;
/**
 * A run read back from where it is kept (a run directory, or PostgreSQL's runs table): its scenario, and its
 * timeline from every actor's journaled facts, merged as they are read. A reference-mode run has no journal: it is
 * a pure function of its configuration and seed, so its timeline is derived again by running it, and replay's
 * digest check against the stored summary vouches for the result.
 */
public final class LoadedRun {
    private final StoredRun run;
    private final Scenario scenario;
    private final ActorIds ids;
    private final P2m p2m;
    private final Config pekko;
    private long entries;
    private List<String> tornTail = List.of();

    private LoadedRun(StoredRun run, Scenario scenario, Config pekko) {
        this.run = run;
        this.scenario = scenario;
        this.ids = new ActorIds(scenario.cfg().vcpus());
        this.p2m = Machine.p2m(scenario.cfg());
        this.pekko = pekko;
    }

    public static LoadedRun open(StoredRun run, Config pekko) {
        Scenario s = new ScenarioLoader().load(run, List.of());
        if (s.mode() != Scenario.Mode.REFERENCE) {
            if (s.journal() == JournalKind.OFF) {
                throw new BadInputException(run.where() + " was run with journal = off: it has no journal to replay (run it again instead)");
            }
            if (!run.journalStarted() && run.summary().isEmpty()) throw new IncompleteRunException(run.where() + " was stopped before its journal held anything");
        }
        return new LoadedRun(run, s, pekko);
    }

    StoredRun run() { return run; }

    public Scenario scenario() { return scenario; }

    public ActorIds ids() { return ids; }

    public P2m p2m() { return p2m; }

    boolean rederived() {
        return scenario.mode() == Scenario.Mode.REFERENCE;
    }

    /** Journal events the last {@link #timeline} read. */
    long entries() {
        return entries;
    }

    /**
     * Feeds the merged timeline to {@code sink}, the journal read as it goes (each call reads it again), the values a
     * compact journal leaves out restored; a log out of order is corrupt (bad input).
     */
    void timeline(FactSink sink) {
        if (rederived()) {
            new ReferenceDriver(scenario.cfg(), sink).run((DoubleConsumer) null);
            return;
        }
        try (RunReader.Journal journal = run.readJournal(ids.names(), pekko)) {
            if (journal.isEmpty()) {
                if (run.summary().isEmpty()) throw new IncompleteRunException(run.where() + " was stopped before its journal held anything");
                throw new BadInputException("journal of " + run.where() + " is empty");
            }
            try {
                new TimelineMerger(journal.streams(), new FrameContents(p2m, sink)).drain(Long.MAX_VALUE);
            } catch (IllegalStateException e) {
                throw new BadInputException("journal of " + run.where() + " is corrupt: " + e.getMessage());
            }
            entries = journal.entries();
            // Recovery drops a torn tail once and for all: a later read of the journal no longer reports it.
            if (tornTail.isEmpty()) tornTail = journal.tornTail();
        }
    }

    /**
     * What the reads so far found at the end of the journal's log: a torn last write (a killed run's), which LevelDB
     * dropped, in its words; empty when the log ended whole.
     */
    Optional<String> tornTail() {
        return tornTail.isEmpty() ? Optional.empty()
                : Optional.of("LevelDB dropped the log's torn last write (" + String.join("; ", tornTail) + ")");
    }

    public RunFold fold() {
        RunFold fold = new RunFold(scenario.cfg(), p2m);
        timeline(fold);
        return fold;
    }
}
