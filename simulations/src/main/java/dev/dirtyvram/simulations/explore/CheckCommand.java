package dev.dirtyvram.simulations.explore;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.check.Explorer;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.driver.StopSignal;
import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.oracle.Coverage;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Json;
import dev.dirtyvram.simulations.cli.Options;
import dev.dirtyvram.simulations.cli.Plural;
import dev.dirtyvram.simulations.cli.Progress;
import dev.dirtyvram.simulations.cli.Verbosity;
import dev.dirtyvram.simulations.run.JudgedRun;
import dev.dirtyvram.simulations.scenario.BoundedRun;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import dev.dirtyvram.simulations.scenario.SettingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Explores every interleaving, one memory access a step, of a small bounded run of a scenario ({@link Explorer}):
 * each VCPU makes a few stores, the harvester a few harvests, and every step that is not blocked competes at every
 * choice. Verdicts: complete, bug-found (the first failing schedule saved as a run directory that replay, explain,
 * shrink and report read, its steps printed per actor) or incomplete.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Explore every interleaving of a small configuration of a scenario (partial-order reduction, optional preemption bound).")
public final class CheckCommand implements Callable<Integer> {
    @Option(names = "--scenario", defaultValue = "default", description = "Built-in name or a HOCON file (default: default).")
    String scenario;

    @Option(names = "--vcpus", defaultValue = "2", description = "VCPUs (default 2).")
    int vcpus;

    @Option(names = "--pages", defaultValue = "1", description = "LFB pages (default 1: every store to the one page, where the races are).")
    int pages;

    @Option(names = "--stores", defaultValue = "2", description = "Stores each VCPU makes (default 2).")
    int stores;

    @Option(names = "--harvests", defaultValue = "1", description = "Harvests before the final one (default 1).")
    int harvests;

    @Option(names = "--preemptions", description = "At most this many preemptions a schedule (default: no bound).")
    Integer preemptions;

    @Option(names = "--no-reduction", description = "Explore every schedule, without partial-order reduction (to measure what it prunes).")
    boolean noReduction;

    @Option(names = "--time", defaultValue = "10m", description = "Stop after this long, incomplete (default 10m).")
    String time;

    @Mixin
    SettingOptions set = new SettingOptions();

    @Option(names = "--out", defaultValue = "runs", description = "Where a failing schedule's run goes (default: runs).")
    Path out;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Mixin
    Verbosity verbosity = new Verbosity();

    @Override
    public Integer call() throws Exception {
        Config pekko = verbosity.apply();
        long deadline = System.nanoTime() + Options.positiveDuration("--time", time);
        if (vcpus < 1 || vcpus > 8) throw new BadInputException("--vcpus must be 1..8 for check, got " + vcpus);
        if (pages < 1 || pages > 64) throw new BadInputException("--pages must be 1..64 for check, got " + pages);
        if (stores < 1 || stores > 64) throw new BadInputException("--stores must be 1..64, got " + stores);
        if (harvests < 0 || harvests > 16) throw new BadInputException("--harvests must be 0..16, got " + harvests);
        if (preemptions != null && preemptions < 0) throw new BadInputException("--preemptions must be 0 or more, got " + preemptions);
        List<Setting> settings = set.settings();
        for (String key : List.of("mode", "vcpus", "lfb.pages", "schedule.stores", "schedule.harvests", "schedule.replay")) {
            Setting.refuse(settings, key, "check sets it (--vcpus, --pages, --stores, --harvests)");
        }
        List<Setting> overrides = new ArrayList<>(BoundedRun.overrides(vcpus, pages, stores, harvests));
        overrides.addAll(settings);
        ScenarioLoader loader = new ScenarioLoader();
        Scenario s;
        try {
            s = loader.load(scenario, overrides);
        } catch (BadInputException e) {
            if (!(e.getCause() instanceof SimConfig.EventOutsideLfb)) throw e;
            throw new BadInputException(e.getMessage() + " (check makes " + Plural.of(pages, "page")
                    + ": give more with --pages, or other events with --set events=[...])");
        }
        SimConfig cfg = s.cfg();
        String what = String.format(Locale.ROOT, "check %s: %s, %s, %s each, %s then the final one, %s; %s, %s", s.name(),
                Plural.of(vcpus, "VCPU"), Plural.of(pages, "page"), Plural.of(stores, "store"), Plural.of(harvests, "harvest"),
                cfg.strategy().id, noReduction ? "no reduction" : "partial-order reduction",
                preemptions == null ? "no preemption bound" : "at most " + Plural.of(preemptions, "preemption"));
        if (!json) System.out.println(what);
        Progress progress = new Progress(System.err, "check " + s.name(), !json);
        Explorer.Result r;
        try {
            r = new Explorer(cfg, !noReduction, preemptions == null ? -1 : preemptions)
                    .explore(deadline, p -> progress.accept(p.share(), Plural.of(p.schedules(), "schedule")));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("check: " + e.getMessage());
        }
        progress.accept(1.0);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", r.verdict().id);
        m.put("schedules", r.schedules());
        m.put("steps", r.steps());
        m.put("pruned", r.pruned());
        m.put("sleepBlocked", r.sleeping());
        m.put("boundedOut", r.bounded());
        m.put("bound", preemptions);
        m.put("reduction", !noReduction);
        m.put("longestChoices", r.maxChoices());
        m.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        m.put("coverage", Coverage.table(r.coverage()));
        SavedFailure saved = null;
        if (r.verdict() == Explorer.Verdict.BUG_FOUND) {
            Path scratch = Files.createTempDirectory("dirtyvram-check");
            try {
                // Written with its choices, judged and told like any seeded run: its first failure.
                saved = SavedFailure.write(x -> loader.load(scenario, x), overrides, r.failingChoices(), null, pekko, scratch, out, "check");
            } finally {
                JudgedRun.deleteTree(scratch);
            }
            m.put("runDir", saved.dir().root().toAbsolutePath().toString());
            m.put("kind", saved.verdict().violation().id);
            m.put("cause", saved.verdict().cause().id);
        } else {
            m.put("runDir", null);
            m.put("kind", null);
            m.put("cause", null);
        }
        if (r.verdict() == Explorer.Verdict.INCOMPLETE) m.put("stoppedBy", r.stoppedBy());
        if (json) {
            System.out.println(Json.object(m));
        } else {
            print(r, saved, new ActorIds(vcpus));
        }
        if (r.verdict() == Explorer.Verdict.INCOMPLETE && StopSignal.requested()) return ExitStatus.INTERRUPTED.code;
        return r.verdict() == Explorer.Verdict.BUG_FOUND ? ExitStatus.VIOLATION.code
                : r.verdict() == Explorer.Verdict.INCOMPLETE ? ExitStatus.INCONCLUSIVE.code : ExitStatus.OK.code;
    }

    private void print(Explorer.Result r, SavedFailure saved, ActorIds ids) {
        switch (r.verdict()) {
            case COMPLETE -> System.out.println("verdict: complete: every schedule" + (preemptions == null ? "" : " within the bound")
                    + " explored, none lost a store or reported one late");
            case BUG_FOUND -> {
                System.out.println("verdict: bug-found: " + saved.verdict().sentence(ids) + ".");
                saved.steps().print(ids);
                System.out.println("wrote " + saved.dir().root() + " (replay, explain, shrink and report read it); drew " + saved.svg());
            }
            case INCOMPLETE -> System.out.println("verdict: incomplete: " + r.stoppedBy() + "; nothing failed in what was explored");
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "| schedules | steps | alternatives pruned | runs cut short (asleep) | out of bound | longest (choices) | time |%n");
        System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %.1f s |%n", r.schedules(), r.steps(), r.pruned(), r.sleeping(),
                r.bounded(), r.maxChoices(), r.seconds());
        System.out.println();
        System.out.println("protocol situations reached (schedules):");
        for (var e : Coverage.table(r.coverage()).entrySet()) System.out.printf(Locale.ROOT, "  %-29s %d%n", e.getKey(), e.getValue());
        HuntCommand.printNeverReached(r.coverage(), Plural.of(r.schedules(), "schedule"));
    }
}
