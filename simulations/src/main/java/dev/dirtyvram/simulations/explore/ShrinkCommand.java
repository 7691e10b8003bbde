package dev.dirtyvram.simulations.explore;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.oracle.Explainer;
import dev.dirtyvram.domain.oracle.FailureSignature;
import dev.dirtyvram.domain.schedule.ChoiceSequence;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Json;
import dev.dirtyvram.simulations.cli.Options;
import dev.dirtyvram.simulations.cli.Plural;
import dev.dirtyvram.simulations.cli.Verbosity;
import dev.dirtyvram.simulations.replay.RunSource;
import dev.dirtyvram.simulations.run.JudgedRun;
import dev.dirtyvram.simulations.scenario.Parameters;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
/**
 * Shrinks a failing seeded run to a small one with the same signature (violation, cause): delta debugging over its
 * configuration (VCPUs, LFB pages, duration, scripted events, workloads, write and VM-exit rates), keeping a candidate
 * only when a run of it shows the signature again. Writes the smallest run as a run directory (journaled in
 * deterministic mode, so that replay and explain read it) and prints its steps that matter: one column per actor.
 */
@Command(name = "shrink", mixinStandardHelpOptions = true,
        description = "Shrink a failing run to the smallest configuration that fails the same way, and print its steps.")
public final class ShrinkCommand implements Callable<Integer> {
    /** A failing run (from hunt or run), reference or deterministic mode. */
    @Mixin
    RunSource source = new RunSource();

    @Option(names = "--time", defaultValue = "5m", description = "Give up shrinking after this long (default 5m).")
    String time;

    @Option(names = "--out", defaultValue = "runs", description = "Where the shrunk run goes (default: runs).")
    Path out;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Mixin
    Verbosity verbosity = new Verbosity();

    @Override
    public Integer call() throws Exception {
        Config pekko = verbosity.apply();
        long deadline = System.nanoTime() + Options.positiveDuration("--time", time);
        ScenarioLoader loader = new ScenarioLoader();
        Scenario original = source.scenario(loader, List.of(SavedFailure.JOURNAL_OFF));
        String runDir = source.run;
        if (original.mode() == Scenario.Mode.CONCURRENT) {
            throw new BadInputException(runDir + " ran in concurrent mode: shrink needs a seeded run (reference or deterministic)");
        }
        Path scratch = Files.createTempDirectory("dirtyvram-shrink");
        JudgedRun first = JudgedRun.of(original, pekko, scratch);
        if (!first.failed()) throw new BadInputException(runDir + " loses no store and reports none late: nothing to shrink");
        FailureSignature target = first.signatures().iterator().next();

        ConfigShrinker.Result<JudgedRun> shrunk = ConfigShrinker.shrink(List.of(SavedFailure.JOURNAL_OFF), original.cfg(), first,
                attempt -> {
                    Scenario s;
                    try {
                        s = source.scenario(loader, attempt);
                    } catch (BadInputException e) {
                        return null; // e.g. an event outside a shorter run: not a configuration at all
                    }
                    JudgedRun r = JudgedRun.of(s, pekko, scratch);
                    return r.signatures().contains(target) ? new ConfigShrinker.Kept<>(s.cfg(), r) : null;
                },
                () -> System.nanoTime() < deadline,
                change -> {
                    if (!json) System.err.printf(Locale.ROOT, "  shrunk: %s%n", change.stream().map(Setting::toString).collect(Collectors.joining(" ")));
                });
        List<Setting> kept = new ArrayList<>(shrunk.kept());
        Scenario best = source.scenario(loader, kept);
        JudgedRun bestRun = shrunk.best();
        int tried = shrunk.tried();
        // A journaled run for replay and explain: deterministic mode, when the failure shows there too (a bounded run,
        // check's, is the reference driver's alone).
        if (best.mode() == Scenario.Mode.REFERENCE && !best.cfg().schedule().bounded()) {
            List<Setting> det = new ArrayList<>(kept);
            det.add(Setting.of("mode", "deterministic"));
            Scenario d = source.scenario(loader, det);
            JudgedRun r = JudgedRun.of(d, pekko, scratch);
            if (r.signatures().contains(target)) {
                kept = det;
                bestRun = r;
            }
        }
        // Then the choice sequence: shorter, then with more choices at 0 (the first candidate), same signature.
        ChoiceShrinker.Result choices = shrinkChoices(loader, kept, bestRun.choices(), target, pekko, scratch, deadline);
        tried += choices.tried();
        SavedFailure sf = SavedFailure.write(o -> source.scenario(loader, o), kept, choices.script(), target, pekko, scratch, out, "shrunk");
        JudgedRun.deleteTree(scratch);
        RunDirectory dir = sf.dir();
        Scenario written = sf.written();
        Explainer.Verdict v = sf.verdict();
        StepTable steps = sf.steps();
        Path svg = sf.svg();

        SimConfig c = written.cfg();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runDir", dir.root().toString());
            m.put("mode", written.mode().id);
            m.put("vcpus", c.vcpus());
            m.put("lfbPages", c.lfbPages());
            m.put("durationNs", c.durationNs());
            m.put("steps", steps.rows.size());
            m.put("kind", target.violation().id);
            m.put("cause", target.cause().id);
            m.put("page", v.page());
            m.put("runsTried", tried);
            m.put("choices", choices.script() == null ? 0 : choices.script().length);
            m.put("nonDefaultChoices", choices.nonDefault());
            m.put("svg", svg.toString());
            System.out.println(Json.object(m));
        } else {
            System.out.printf(Locale.ROOT, "shrunk %s to %s, %s, %s, %s, workloads %s, %s (%s tried); same failure: %s%n",
                    runDir, Plural.of(c.vcpus(), "VCPU"), Plural.of(c.lfbPages(), "page"), Parameters.ms(c.durationNs()), Plural.of(c.events().size(), "event"),
                    c.workloads().stream().map(w -> w.id).collect(Collectors.joining(",")),
                    choices.script() == null ? "no scheduling choice needed" : choices.nonDefault() + " non-default scheduling choices of "
                            + choices.script().length, Plural.of(tried, "run"), target.id());
            steps.print(new ActorIds(c.vcpus()));
            System.out.println(v.sentence(new ActorIds(c.vcpus())) + ".");
            System.out.println("drew " + svg);
            System.out.println("wrote " + dir.root() + (written.mode() == Scenario.Mode.DETERMINISTIC
                    ? " (replay --verify and explain read it)" : " (reference mode: not journaled)"));
        }
        return ExitStatus.OK.code;
    }

    /** The run's recorded choices shrunk ({@link ChoiceShrinker}), each candidate run with them as its script. */
    private ChoiceShrinker.Result shrinkChoices(ScenarioLoader loader, List<Setting> kept, int[] recorded,
                                                FailureSignature target, Config pekko, Path scratch, long deadline) {
        Path file = scratch.resolve("candidate.choices");
        return ChoiceShrinker.shrink(recorded, candidate -> {
            try {
                ChoiceSequence.write(file, candidate);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Setting> o = new ArrayList<>(kept);
            o.add(Setting.of("schedule.replay", "\"" + file + "\""));
            return JudgedRun.of(source.scenario(loader, o), pekko, scratch).signatures().contains(target);
        }, () -> System.nanoTime() < deadline);
    }

}
