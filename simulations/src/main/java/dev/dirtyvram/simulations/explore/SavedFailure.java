package dev.dirtyvram.simulations.explore;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.oracle.Explainer;
import dev.dirtyvram.domain.oracle.FailureSignature;
import dev.dirtyvram.domain.schedule.ChoiceSequence;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.replay.PageSvg;
import dev.dirtyvram.simulations.run.JudgedRun;
import dev.dirtyvram.simulations.run.ScenarioRun;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A failing seeded run written as a normal run directory (what shrink and check leave): its configuration, its choice
 * sequence when it needs one ({@code schedule.replay}, travelling with the run: config.conf names it relative to its
 * own directory), its summary, and beside them its steps that matter (steps.txt, one column per actor) and the
 * failing page's picture.
 *
 * @param saved the run's scenario with the journal off (for re-runs)
 */
record SavedFailure(RunDirectory dir, Scenario written, Scenario saved, Explainer.Verdict verdict, StepTable steps, Path svg) {
    /** What a search's runs are made with, and a saved run without. */
    static final Setting JOURNAL_OFF = Setting.of("journal", "off");

    /**
     * @param scenario  the run's scenario for a list of overrides
     * @param overrides what makes the run (journal=off among them is dropped: the run is journaled as configured)
     * @param script    its choice sequence, or null when it fails without one
     * @param target    the failure to tell (its steps, its page), or null for the run's first
     * @param label     what made the run, for the picture's title ("shrunk", "check")
     */
    static SavedFailure write(Function<List<Setting>, Scenario> scenario, List<Setting> overrides, int[] script, FailureSignature target,
                              Config pekko, Path scratch, Path out, String label) throws IOException {
        List<Setting> journaled = new ArrayList<>(overrides);
        journaled.remove(JOURNAL_OFF);
        RunDirectory dir = ScenarioRun.directory(scenario.apply(journaled), out);
        Path file = dir.root().resolve("schedule.replay");
        if (script != null) {
            ChoiceSequence.write(file, script);
            journaled.add(Setting.of("schedule.replay", "\"" + file + "\""));
        }
        Scenario written = scenario.apply(journaled);
        dir.writeConfig(script == null ? written.render()
                : written.render().replace("\"" + file.toAbsolutePath().normalize() + "\"", "\"schedule.replay\""));
        ScenarioRun.execute(written, dir, pekko, null);
        List<Setting> off = new ArrayList<>(journaled);
        off.add(JOURNAL_OFF);
        Scenario saved = scenario.apply(off);

        JudgedRun judged = JudgedRun.of(saved, pekko, scratch);
        Explainer.Verdict v = judged.verdicts().stream().filter(x -> target == null || new FailureSignature(x.violation(), x.cause()).equals(target))
                .findFirst().orElseThrow(() -> new IllegalStateException("the " + label + " run no longer fails"
                        + (target == null ? "" : " as " + target.id())));
        StepTable steps = new StepTable(saved.cfg(), v);
        PageSvg picture = new PageSvg(saved.cfg(), v.page(), lseq -> lseq == v.lseq());
        JudgedRun.replay(saved, pekko, scratch, FactSink.tee(steps, picture), null);
        ActorIds ids = new ActorIds(saved.cfg().vcpus());
        Path svg = dir.root().resolve("page-" + v.page() + ".svg");
        picture.write(svg, ids, "page " + v.page() + " of " + dir.runId() + " (" + label + "): "
                + new FailureSignature(v.violation(), v.cause()).id());
        // The step table travels with the run (report shows it).
        Files.writeString(dir.root().resolve("steps.txt"), steps.text(ids), StandardCharsets.UTF_8);
        return new SavedFailure(dir, written, saved, v, steps, svg);
    }
}
