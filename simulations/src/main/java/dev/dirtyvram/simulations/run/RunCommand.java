package dev.dirtyvram.simulations.run;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.config.Durations;
import dev.dirtyvram.domain.oracle.Achievement;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Json;
import dev.dirtyvram.simulations.cli.Progress;
import dev.dirtyvram.simulations.cli.Verbosity;
import dev.dirtyvram.simulations.scenario.Expectation;
import dev.dirtyvram.simulations.scenario.Parameters;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import dev.dirtyvram.simulations.scenario.SettingOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run one scenario and judge it by its expectation.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--scenario", defaultValue = "default", description = "Built-in name (see: dirtyvram scenarios) or a HOCON file, e.g. a run's config.conf.")
    String scenario;

    @Mixin
    SettingOptions set = new SettingOptions();

    @Option(names = "--vcpus", description = "Number of guest VCPUs.")
    Integer vcpus;

    @Option(names = "--strategy", description = "memcmp, logdirty-wp, dbit-paused, linear-walk, sl1ma, hap, kvm-dirty-log, kvm-clear-log or kvm-dirty-ring.")
    String strategy;

    @Option(names = "--duration", description = "Guest time to run, e.g. 2s or 500ms.")
    String duration;

    @Option(names = "--seed", description = "Seed of every random choice.")
    Long seed;

    @Option(names = "--mode", description = "concurrent (actors racing, dilated wall time), deterministic (actors under a seeded scheduler, virtual time) or reference (sequential driver, not journaled).")
    String mode;

    @Option(names = "--out", defaultValue = "runs", description = "Where run directories go (default: runs).")
    Path out;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Mixin
    Verbosity verbosity = new Verbosity();

    @Override
    public Integer call() {
        Config pekko = verbosity.apply();
        List<Setting> overrides = new ArrayList<>(set.settings());
        Setting.refuseClash(overrides, "--vcpus", vcpus, "vcpus");
        Setting.refuseClash(overrides, "--strategy", strategy, "strategy");
        Setting.refuseClash(overrides, "--duration", duration, "duration");
        Setting.refuseClash(overrides, "--seed", seed, "seed");
        Setting.refuseClash(overrides, "--mode", mode, "mode");
        if (vcpus != null) overrides.add(Setting.of("vcpus", vcpus));
        if (strategy != null) overrides.add(Setting.of("strategy", "\"" + strategy + "\""));
        if (duration != null) overrides.add(Setting.of("duration", duration));
        if (seed != null) overrides.add(Setting.of("seed", seed));
        if (mode != null) overrides.add(Setting.of("mode", "\"" + mode + "\""));
        Scenario s = new ScenarioLoader().load(scenario, overrides);
        Optional<String> size = RunSize.check(s, out); // refused before its directory is made
        RunDirectory dir = ScenarioRun.prepare(s, out);

        // With --json, stdout carries only the JSON: the parameters go to stderr.
        PrintStream info = json ? System.err : System.out;
        info.println("dirtyvram run " + dir.runId() + "  (seed " + s.cfg().seed() + ", " + s.mode().id + " mode)");
        if (s.mode() != Scenario.Mode.CONCURRENT) info.println("  reproduce with: ./dirtyvram run --scenario " + dir.root().resolve(RunDirectory.CONFIG));
        info.println("  " + s.description());
        info.println("  expects: " + s.expect().describe() + (s.expect().appliesTo(s.cfg()) ? ""
                : "  (written for " + s.expect().strategy() + ": not applicable to " + s.cfg().strategy().id + ")"));
        Parameters.print(info, s);
        size.ifPresent(info::println);

        ScenarioRun run = ScenarioRun.execute(s, dir, pekko, new Progress(System.err, "running", true));
        RunSummary summary = run.summary();
        Map<String, Object> fields = run.fields();
        if (json) System.out.println(Json.object(fields));
        else SummaryTable.table(System.out, "summary", fields);
        if (ScenarioRun.interrupted(summary)) {
            System.err.printf(Locale.ROOT, "dirtyvram: interrupted at %s of %s guest time: what was measured is in %s, marked interrupted%n",
                    Durations.format(summary.guestTimeNs() / 1_000_000 * 1_000_000),
                    Durations.format(s.cfg().durationNs()), dir.root().resolve(RunDirectory.SUMMARY));
            return ExitStatus.INTERRUPTED.code;
        }

        Expectation.Judgement j = s.expect().judge(s.cfg(), summary, Achievement.of(s.cfg(), summary));
        String why = String.join("; ", j.reasons());
        switch (j.verdict()) {
            case MET, NOT_APPLICABLE -> info.println(j.verdict().words + " (" + why + "); run directory: " + dir.root());
            case INCONCLUSIVE -> System.err.println("dirtyvram: inconclusive: the run fell short of its configuration ("
                    + why + "): it vouches for nothing; run directory: " + dir.root());
            case BROKEN -> {
                System.err.println("dirtyvram: expectation not met: " + why);
                System.err.println("repeat this run with: ./dirtyvram run --scenario " + dir.root().resolve(RunDirectory.CONFIG));
            }
        }
        return j.verdict().exitStatus;
    }
}
