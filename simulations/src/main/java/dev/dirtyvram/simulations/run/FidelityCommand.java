package dev.dirtyvram.simulations.run;

import dev.dirtyvram.domain.check.Explorer;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.oracle.Achievement;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Json;
import dev.dirtyvram.simulations.cli.Plural;
import dev.dirtyvram.simulations.scenario.BoundedRun;
import dev.dirtyvram.simulations.scenario.Expectation;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
/**
 * How close the model is to the Xen it claims to be: Xen 3.3's published CPU figures (release notes, 2008) next to
 * the simulated ones, and each hazard of the fidelity audit with its measured outcome under each setting of the knob
 * that decides it. Everything runs in reference mode (virtual time, seeded): the same numbers on any machine.
 */
@Command(name = "fidelity", mixinStandardHelpOptions = true,
        description = "Xen 3.3's published CPU figures against the simulated ones, and each hazard (Xen's, KVM's) with its measured outcome.")
public final class FidelityCommand implements Callable<Integer> {
    /** A published figure: idle qemu-dm CPU of one core, with the strategy that stands for it. */
    public record Published(String figure, String strategy, double percent) {}

    /** Xen 3.3 release notes (2008): an idle HVM desktop, 8 MB VRAM, refresh every 30 ms. */
    static final List<Published> XEN_33 = List.of(
            new Published("idle qemu-dm CPU, memcmp of 8 MB VRAM", "memcmp", 7.0),
            new Published("idle qemu-dm CPU, D-bit tracking", "sl1ma", 0.3));

    /** How a published figure is reproduced: idle-screen on 2008 costs, steady state (10 s amortise the first redraw). */
    static final List<Setting> XEN_33_SETUP = Setting.parseAll(List.of("mode=reference", "cost.preset=2008", "harvest.interval=30ms",
            "lfb.pages=2048", "duration=10s"));

    /** The published figure may be off by this factor either way and still count as reproduced. */
    static final double WITHIN = 2.0;

    /**
     * A hazard: a scenario, the knob whose settings decide it, and how it is reached: {@code reach} overrides (a
     * scheduling window, a write rate: the hunt settings that find it) and at least {@code runs} seeds a setting;
     * {@code check}: the bounded run check explores for it (empty: none).
     */
    public record Hazard(String scenario, String knob, List<String> settings, String what, List<Setting> reach, int runs, List<Setting> check) {
        Hazard(String scenario, String knob, List<String> settings, String what) {
            this(scenario, knob, settings, what, List.of(), 0, List.of());
        }
    }

    /**
     * A bounded run that reaches sl1ma's idle drop: one VCPU's three stores, three harvests 3 s apart (the third finds
     * the screen clean for 2 s), none of the scenario's scripted events (they name pages beyond the one).
     */
    static final List<Setting> IDLE_DROP = bounded(BoundedRun.overrides(1, 1, 3, 3), "harvest.interval=3s", "duration=60s",
            "events=[]");

    /** How long check may explore one hazard's setting. */
    static final long CHECK_NS = 120_000_000_000L;

    public static final List<Hazard> HAZARDS = List.of(
            new Hazard("alias-then-idle", "harvest.sl1ma-version", List.of("xen-2026", "xen-2008"),
                    "a second writable mapping made and removed, then idle"),
            // check: a store racing the drop, which the put hook sees (exchange) but last_dirty = -1 then forgets (xen-2026)
            new Hazard("sl1ma-drop", "harvest.sl1ma-version", List.of("xen-2026", "xen-2008"),
                    "stores resuming after the 2 s drop", List.of(), 0, bounded(IDLE_DROP, "shadow.set-l1e=exchange")),
            // check: the drop's own shadowSetL1e, its window between read and store (xen-2008 reports what the hook marks)
            new Hazard("set-l1e-window", "shadow.set-l1e", List.of("read-then-store", "exchange"),
                    "a D bit set between shadow_set_l1e's read and store", List.of(), 0,
                    bounded(IDLE_DROP, "harvest.sl1ma-version=xen-2008")),
            new Hazard("teardown-literal", "harvest.linear-walk-hooks", List.of("set-l1e", "set-l1e-and-destroy"),
                    "L1 shadow teardown bypassing shadow_set_l1e", List.of(), 0,
                    bounded(BoundedRun.overrides(1, 1, 2, 2), "events=[{at=1ms,type=shadow-teardown}]")),
            // The store must fall between the walk's read and its store back: a 100 us window, POS's re-drawn priorities,
            // a slower writer, as the README's hunting table finds it.
            new Hazard("nonatomic-clear", "harvest.atomic-clear", List.of("off", "on"),
                    "a plain read-modify-write of every entry (hypothetical)",
                    Setting.parseAll(List.of("schedule.window=100us", "schedule.policy=pos", "guest.write-rate=4000", "vcpus=2")), 30,
                    BoundedRun.overrides(1, 1, 2, 1)),
            // KVM: a second VCPU, whose TLB holds no writable entry, takes the lock-free fault between protect and swap
            new Hazard("kvm-wp-before-swap", "kvm.wp-before-swap", List.of("on", "off"),
                    "write-protection before the bitmap swap (KVM, fixed by edde99ce05)", List.of(), 0,
                    BoundedRun.overrides(2, 1, 2, 1)),
            // KVM: a second VCPU's slow fault between the harvest's unlock and its flush; a question, answered: nothing lost
            new Hazard("kvm-unlock-before-flush", "kvm.unlock-before-flush", List.of("on", "off"),
                    "the MMU lock dropped before the harvest's flush (KVM today; a question: one protector loses nothing)",
                    List.of(), 0, bounded(BoundedRun.overrides(2, 1, 2, 1), "events=[]")),
            // KVM: a ring small enough to fill between refreshes, against the default one; nothing lost either way
            new Hazard("kvm-ring-full", "kvm.ring-size", List.of("256", "4096"),
                    "a small dirty ring: full exits, every ring collected and reset before the VCPU runs (KVM)"),
            // Xen HAP: a frame left in a PML log by a harvest that does not drain it (3a7a0ae0cc undone)
            new Hazard("hap-pml-no-drain", "hap.drain-pml", List.of("off", "on"),
                    "the harvest reads the p2m types without draining PML (Xen, fixed by 3a7a0ae0cc)", List.of(), 0,
                    BoundedRun.overrides(1, 1, 2, 2)),
            // Xen HAP: the VCPUs resumed before the flush; a question, answered: nothing lost either way
            new Hazard("hap-flush-after-unpause", "hap.flush-after-unpause", List.of("on", "off"),
                    "the domain unpaused before the flush (Xen HAP; a question: the redraw follows the window)", List.of(), 0,
                    BoundedRun.overrides(1, 1, 3, 2)));

    private static List<Setting> bounded(List<Setting> overrides, String... more) {
        List<Setting> o = new ArrayList<>(overrides);
        o.addAll(Setting.parseAll(List.of(more)));
        return List.copyOf(o);
    }

    @Option(names = "--seeds", description = "Seeds per hazard setting (default ${DEFAULT-VALUE}).", defaultValue = "3")
    int seeds;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    /** One published figure reproduced. */
    public record Comparison(Published published, RunSummary run) {
        public double ratio() {
            return run.cpuPercent() / published.percent();
        }

        boolean reproduced() {
            return ratio() >= 1 / WITHIN && ratio() <= WITHIN;
        }
    }

    /** A hazard under one setting, summed over the seeds. */
    record Outcome(Hazard hazard, String setting, int runs, long lost, long late, long spurious, long drops,
                   String promise, int promisesKept, int failing, Explorer.Result check) {}

    public static List<Comparison> xen33(ScenarioLoader loader) {
        List<Comparison> out = new ArrayList<>();
        for (Published p : XEN_33) {
            List<Setting> set = new ArrayList<>(XEN_33_SETUP);
            set.add(Setting.of("strategy", p.strategy()));
            out.add(new Comparison(p, ReferenceDriver.run(loader.load("idle-screen", set).cfg())));
        }
        return out;
    }

    static Outcome measure(ScenarioLoader loader, Hazard h, String setting, int seeds) {
        long lost = 0, late = 0, spurious = 0, drops = 0;
        int kept = 0;
        int failing = 0;
        String promise = "";
        int n = Math.max(seeds, h.runs());
        for (int seed = 1; seed <= n; seed++) {
            List<Setting> set = new ArrayList<>(h.reach());
            set.addAll(List.of(Setting.of("mode", "reference"), Setting.of(h.knob(), setting), Setting.of("seed", seed)));
            Scenario s = loader.load(h.scenario(), set);
            RunSummary r = ReferenceDriver.run(s.cfg());
            if (r.lostUpdates() + r.lateReports() > 0) failing++;
            lost += r.lostUpdates();
            late += r.lateReports();
            spurious += r.spuriousDirty();
            drops += r.writeAccessDrops();
            var a = Achievement.of(s.cfg(), r);
            if (s.expect().judge(s.cfg(), r, a).verdict() == Expectation.Verdict.MET) kept++;
            promise = s.expect().describe();
        }
        return new Outcome(h, setting, n, lost, late, spurious, drops, promise, kept, failing, check(loader, h, setting));
    }

    /** The hazard's bounded run explored under the setting (null: check cannot reach its window). */
    static Explorer.Result check(ScenarioLoader loader, Hazard h, String setting) {
        if (h.check().isEmpty()) return null;
        List<Setting> set = new ArrayList<>(h.check());
        set.add(Setting.of(h.knob(), setting));
        return new Explorer(loader.load(h.scenario(), set).cfg(), true, -1).explore(System.nanoTime() + CHECK_NS, null);
    }

    private static String checkColumn(Explorer.Result r) {
        return r == null ? "-" : r.verdict().id + " (" + r.schedules() + ")";
    }

    @Override
    public Integer call() {
        if (seeds < 1 || seeds > 100) throw new BadInputException("--seeds must be 1..100, got " + seeds);
        ScenarioLoader loader = new ScenarioLoader();
        List<Comparison> xen = xen33(loader);
        List<Outcome> outcomes = new ArrayList<>();
        for (Hazard h : HAZARDS) {
            for (String setting : h.settings()) {
                if (!json) System.err.printf("  %s with %s = %s ...%n", h.scenario(), h.knob(), setting);
                outcomes.add(measure(loader, h, setting, seeds));
            }
        }
        boolean reproduced = xen.stream().allMatch(Comparison::reproduced);
        if (json) {
            printJson(xen, outcomes, reproduced);
        } else {
            printTables(xen, outcomes, reproduced);
        }
        return reproduced ? ExitStatus.OK.code : ExitStatus.VIOLATION.code;
    }

    private void printTables(List<Comparison> xen, List<Outcome> outcomes, boolean reproduced) {
        System.out.println("Xen 3.3 (release notes, 2008): idle-screen, cost.preset = 2008, 30 ms refresh, reference mode");
        System.out.printf(Locale.ROOT, "  %-40s %-8s %10s %10s %7s %12s %12s%n", "published figure", "strategy", "published",
                "simulated", "ratio", "device model", "hypervisor");
        for (Comparison c : xen) {
            System.out.printf(Locale.ROOT, "  %-40s %-8s %9.2f%% %9.2f%% %7.2f %11.2f%% %11.2f%%%n", c.published().figure(),
                    c.published().strategy(), c.published().percent(), c.run().cpuPercent(), c.ratio(),
                    c.run().deviceModelCpuPercent(), c.run().hypervisorCpuPercent());
        }
        System.out.printf(Locale.ROOT, "  %s%n", reproduced ? "both within a factor of " + (int) WITHIN + " of the published figures"
                : "NOT reproduced: a simulated figure is more than a factor of " + (int) WITHIN + " from the published one");
        System.out.println();
        System.out.printf(Locale.ROOT, "Hazards (reference mode, %s each unless said; figures summed over the seeds)%n", Plural.of(seeds, "seed"));
        // the scenario column as wide as its longest name
        int w = HAZARDS.stream().mapToInt(h -> h.scenario().length()).max().orElse(8);
        String row = "  %-" + w + "s %-37s %6s %7s %8s %5s %9s %-22s  %-34s %s%n";
        System.out.printf(Locale.ROOT, row, "scenario", "setting", "lost", "late",
                "spurious", "drops", "failing", "check (schedules)", "scenario's promise: runs keeping it", "hazard");
        for (Outcome o : outcomes) {
            System.out.printf(Locale.ROOT, row, o.hazard().scenario(),
                    shortKnob(o.hazard().knob()) + "=" + o.setting(), o.lost(), o.late(), o.spurious(), o.drops(), o.failing() + "/" + o.runs(),
                    checkColumn(o.check()),
                    o.promise() + ": " + o.promisesKept() + "/" + o.runs(), o.hazard().what()
                            + (o.hazard().reach().isEmpty() ? "" : " (reached with " + o.hazard().reach().stream().map(Setting::toString).collect(Collectors.joining(", ")) + ")"));
        }
        System.out.println("  failing: runs with a lost or late store. Each scenario promises what its first setting shows. check: every");
        System.out.println("  interleaving of a bounded run (1 page, 1 VCPU or KVM's 2; the teardown at any point; the drop's 3 harvests 3 s apart),");
        System.out.println("  so the bug and its fix differ whatever the seeds do: the shadow_set_l1e window and a store racing the 2 s");
        System.out.println("  drop (where xen-2008 and xen-2026 differ) are nanoseconds that seeded runs seldom hit, and check reaches.");
    }

    private static String shortKnob(String knob) {
        return knob.substring(knob.lastIndexOf('.') + 1);
    }

    private void printJson(List<Comparison> xen, List<Outcome> outcomes, boolean reproduced) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> figures = new ArrayList<>();
        for (Comparison c : xen) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("figure", c.published().figure());
            m.put("strategy", c.published().strategy());
            m.put("publishedCpuPercent", c.published().percent());
            m.put("cpuPercent", c.run().cpuPercent());
            m.put("ratio", c.ratio());
            m.put("deviceModelCpuPercent", c.run().deviceModelCpuPercent());
            m.put("hypervisorCpuPercent", c.run().hypervisorCpuPercent());
            figures.add(m);
        }
        out.put("xen33", figures);
        out.put("reproduced", reproduced);
        List<Map<String, Object>> hazards = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", o.hazard().scenario());
            m.put("knob", o.hazard().knob());
            m.put("setting", o.setting());
            m.put("seeds", o.runs());
            m.put("failingRuns", o.failing());
            m.put("reach", o.hazard().reach().stream().map(Setting::toString).toList());
            m.put("lostUpdates", o.lost());
            m.put("lateReports", o.late());
            m.put("spuriousDirty", o.spurious());
            m.put("writeAccessDrops", o.drops());
            m.put("promise", o.promise());
            m.put("promisesKept", o.promisesKept());
            m.put("hazard", o.hazard().what());
            m.put("check", o.check() == null ? null : o.check().verdict().id);
            m.put("checkSchedules", o.check() == null ? null : o.check().schedules());
            hazards.add(m);
        }
        out.put("hazards", hazards);
        System.out.println(Json.object(out));
    }
}
