package dev.dirtyvram.simulations.explore;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.config.GuestEvent;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.WorkloadKind;
import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.FlushReason;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.memory.Pte;
import dev.dirtyvram.domain.oracle.Explainer;
import dev.dirtyvram.domain.schedule.ChoiceSequence;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.store.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.dirtyvram.simulations.cli.Verbosity;
import dev.dirtyvram.simulations.cli.Json;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Options;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.run.ScenarioRun;
import dev.dirtyvram.simulations.run.JudgedRun;
import dev.dirtyvram.simulations.replay.RunSource;
import dev.dirtyvram.simulations.replay.PageSvg;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Options;
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
        long deadline = System.nanoTime() + Options.duration("--time", time);
        ScenarioLoader loader = new ScenarioLoader();
        Scenario original = source.scenario(loader, List.of("journal=off"));
        String runDir = source.run;
        if (original.mode() == Scenario.Mode.CONCURRENT) {
            throw new BadInputException(runDir + " ran in concurrent mode: shrink needs a seeded run (reference or deterministic)");
        }
        Path scratch = Files.createTempDirectory("dirtyvram-shrink");
        JudgedRun first = JudgedRun.of(original, pekko, scratch);
        if (!first.failed()) throw new BadInputException(runDir + " loses no store and reports none late: nothing to shrink");
        JudgedRun.Signature target = first.signatures().iterator().next();

        List<String> kept = new ArrayList<>(List.of("journal=off"));
        Scenario best = original;
        JudgedRun bestRun = first;
        int tried = 0;
        boolean progress = true;
        while (progress && System.nanoTime() < deadline) {
            progress = false;
            for (List<String> change : candidates(best.cfg())) {
                if (System.nanoTime() >= deadline) break;
                List<String> attempt = new ArrayList<>(kept);
                attempt.addAll(change);
                Scenario s;
                try {
                    s = source.scenario(loader, attempt);
                } catch (BadInputException e) {
                    continue; // e.g. an event outside a shorter run: not a configuration at all
                }
                tried++;
                JudgedRun r = JudgedRun.of(s, pekko, scratch);
                if (!r.signatures().contains(target)) continue;
                kept = attempt;
                best = s;
                bestRun = r;
                progress = true;
                if (!json) System.err.printf(Locale.ROOT, "  shrunk: %s%n", String.join(" ", change));
                break;
            }
        }
        // A journaled run for replay and explain: deterministic mode, when the failure shows there too.
        Scenario saved = best;
        if (best.mode() == Scenario.Mode.REFERENCE) {
            List<String> det = new ArrayList<>(kept);
            det.add("mode=deterministic");
            Scenario d = source.scenario(loader, det);
            JudgedRun r = JudgedRun.of(d, pekko, scratch);
            if (r.signatures().contains(target)) {
                saved = d;
                kept = det;
                bestRun = r;
            }
        }
        // Then the choice sequence: shorter, then with more choices at 0 (the first candidate), same signature.
        ChoicesShrunk choices = shrinkChoices(loader, kept, bestRun.choices(), target, pekko, scratch, deadline);
        tried += choices.tried();
        List<String> journaled = new ArrayList<>(kept);
        journaled.remove("journal=off");
        // Journaled where the original run was (its journal setting comes back with journal=off removed).
        RunDirectory dir = ScenarioRun.directory(source.scenario(loader, journaled), out);
        if (choices.script() != null) {
            Path script = dir.root().resolve("schedule.replay");
            ChoiceSequence.write(script, choices.script());
            journaled.add("schedule.replay=\"" + script + "\"");
        }
        Scenario written = source.scenario(loader, journaled);
        // The choice sequence travels with the run: config.conf names it relative to its own directory.
        dir.writeConfig(choices.script() == null ? written.render()
                : written.render().replace("\"" + dir.root().resolve("schedule.replay").toAbsolutePath().normalize() + "\"", "\"schedule.replay\""));
        ScenarioRun.execute(written, dir, pekko, null);
        saved = choices.script() == null ? saved : source.scenario(loader, withJournalOff(journaled));

        JudgedRun judged = JudgedRun.of(saved, pekko, scratch);
        Explainer.Verdict v = judged.verdicts().stream().filter(x -> new JudgedRun.Signature(x.violation(), x.cause()).equals(target))
                .findFirst().orElseThrow(() -> new IllegalStateException("the shrunk run no longer fails as " + target.id()));
        Steps steps = new Steps(saved.cfg(), v);
        PageSvg picture = new PageSvg(saved.cfg(), v.page(), lseq -> lseq == v.lseq());
        JudgedRun.replay(saved, pekko, scratch, FactSink.tee(steps, picture), null);
        JudgedRun.deleteTree(scratch);
        Path svg = dir.root().resolve("page-" + v.page() + ".svg");
        picture.write(svg, new ActorIds(saved.cfg().vcpus()), "page " + v.page() + " of " + dir.runId() + " (shrunk): " + target.id());

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
            System.out.printf(Locale.ROOT, "shrunk %s to %d VCPUs, %d pages, %s, %d events, workloads %s, %s (%d runs tried); same failure: %s%n",
                    runDir, c.vcpus(), c.lfbPages(), dev.dirtyvram.simulations.scenario.Parameters.ms(c.durationNs()), c.events().size(),
                    c.workloads().stream().map(w -> w.id).collect(Collectors.joining(",")),
                    choices.script() == null ? "no scheduling choice needed" : choices.nonDefault() + " non-default scheduling choices of "
                            + choices.script().length, tried, target.id());
            steps.print(new ActorIds(c.vcpus()));
            System.out.println(v.sentence(new ActorIds(c.vcpus())) + ".");
            System.out.println("drew " + svg);
            System.out.println("wrote " + dir.root() + (written.mode() == Scenario.Mode.DETERMINISTIC
                    ? " (replay --verify and explain read it)" : " (reference mode: not journaled)"));
        }
        return ExitStatus.OK.code;
    }

    /** A shrunk choice sequence (null: the run needs none to fail), and the runs it took. */
    private record ChoicesShrunk(int[] script, int nonDefault, int tried) {}

    private static List<String> withJournalOff(List<String> overrides) {
        List<String> o = new ArrayList<>(overrides);
        o.add("journal=off");
        return o;
    }

    /**
     * Hypothesis-style, on the run's recorded choices: the shortest prefix that still fails the same way (the rest
     * then 0), then chunks of choices set to 0, halving the chunk; a candidate is kept when it fails with the same
     * signature. 0 picks the first candidate, the default order.
     */
    private ChoicesShrunk shrinkChoices(ScenarioLoader loader, List<String> kept, int[] recorded,
                                        JudgedRun.Signature target, Config pekko, Path scratch, long deadline) {
        int[] script = recorded;
        int tried = 0;
        if (script.length == 0) return new ChoicesShrunk(null, 0, 0);
        Path file = scratch.resolve("candidate.choices");
        java.util.function.Predicate<int[]> fails = candidate -> {
            try {
                ChoiceSequence.write(file, candidate);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            List<String> o = new ArrayList<>(kept);
            o.add("schedule.replay=\"" + file + "\"");
            return JudgedRun.of(source.scenario(loader, o), pekko, scratch).signatures().contains(target);
        };
        if (!fails.test(script)) return new ChoicesShrunk(null, 0, 1); // not reproducible by its choices: keep the seed's
        tried++;
        for (int len = 0; len < script.length && System.nanoTime() < deadline; len = len == 0 ? 1 : len * 2) {
            int[] prefix = Arrays.copyOf(script, len);
            tried++;
            if (fails.test(prefix)) {
                script = prefix;
                break;
            }
        }
        for (int size = Math.max(1, script.length / 2); size >= 1 && System.nanoTime() < deadline; size /= 2) {
            for (int from = 0; from < script.length && System.nanoTime() < deadline; from += size) {
                int[] zeroed = script.clone();
                boolean any = false;
                for (int i = from; i < Math.min(script.length, from + size); i++) {
                    any |= zeroed[i] != 0;
                    zeroed[i] = 0;
                }
                if (!any) continue;
                tried++;
                if (fails.test(zeroed)) script = zeroed;
            }
            if (size == 1) break;
        }
        int end = script.length;
        while (end > 0 && script[end - 1] == 0) end--; // trailing zeros are what a shorter sequence means anyway
        script = Arrays.copyOf(script, end);
        int nonDefault = (int) Arrays.stream(script).filter(c -> c != 0).count();
        return new ChoicesShrunk(script, nonDefault, tried);
    }

    /** Each candidate is a set of overrides that makes the configuration smaller in one way. */
    private static List<List<String>> candidates(SimConfig c) {
        List<List<String>> out = new ArrayList<>();
        for (int v : new LinkedHashSet<>(List.of(1, 2, c.vcpus() / 2, c.vcpus() - 1))) {
            if (v >= 1 && v < c.vcpus()) out.add(List.of("vcpus=" + v));
        }
        for (int p : new LinkedHashSet<>(List.of(1, 2, 4, c.lfbPages() / 2))) {
            if (p >= 1 && p < c.lfbPages()) out.add(List.of("lfb.pages=" + p));
        }
        long half = c.durationNs() / 2;
        if (half >= 2 * c.harvestIntervalNs()) {
            List<GuestEvent> inside = c.events().stream().filter(e -> e.atNs() < half).toList();
            out.add(List.of("duration=" + half + "ns", "events=" + events(inside)));
        }
        for (int i = 0; i < c.events().size(); i++) {
            List<GuestEvent> fewer = new ArrayList<>(c.events());
            fewer.remove(i);
            out.add(List.of("events=" + events(fewer)));
        }
        if (c.workloads().size() > 1) {
            for (WorkloadKind w : new LinkedHashSet<>(c.workloads())) out.add(List.of("guest.workloads=[" + w.id + "]"));
        }
        if (c.writeRate() >= 2000) out.add(List.of("guest.write-rate=" + c.writeRate() / 2));
        if (c.vmExitRate() > 0) out.add(List.of("guest.vm-exit-rate=0"));
        return out;
    }

    private static String events(List<GuestEvent> events) {
        return events.stream().map(e -> String.format(Locale.ROOT, "{at=%dns,type=%s,first=%d,count=%d,duration=%dns}",
                e.atNs(), e.kind().id, e.first(), e.count(), e.durationNs())).collect(Collectors.joining(",", "[", "]"));
    }

    /** The facts about one page that tell its story, one row each; a run of identical rows becomes one row. */
    static final class Steps implements FactSink {
        record Row(long lseq, long time, int actor, String what) {}

        private final int page;
        private final int kernelVpn;
        private final int aliasVpn;
        private final int mfn;
        private final int vcpus;
        private final long failing;
        final List<Row> rows = new ArrayList<>();
        private int repeats;

        Steps(SimConfig cfg, Explainer.Verdict v) {
            this.page = v.page();
            this.kernelVpn = page;
            this.aliasVpn = cfg.lfbPages() + page;
            this.mfn = Machine.p2m(cfg).mfnOfLfbPage(page);
            this.vcpus = cfg.vcpus();
            this.failing = v.lseq();
        }

        private boolean mine(int vpn) {
            return vpn == kernelVpn || vpn == aliasVpn;
        }

        @Override
        public void op(int actor, Op kind, int target, long value, long lseq, long time) {
            String what = switch (kind) {
                case TLB_FILL -> mine(target) ? "walk: " + Pte.describe(value) : null;
                case DIRTY_BIT_SET -> mine(target) ? "sets D: " + Pte.describe(value) : null;
                case GUEST_WRITE -> target == mfn ? (lseq == failing ? ">> STORE (the failing one)" : "store") : null;
                case GUEST_WRITE_CACHED_D -> target == mfn ? (lseq == failing ? ">> STORE via cached D=1 (the failing one)" : "store via cached D=1") : null;
                case PAGE_FAULT -> mine(target) ? "page fault" : null;
                case SHADOW_L1E_SET -> mine(target) ? "sl1e := " + Pte.describe(value) : null;
                case PTE_READ -> mine(target) ? "reads sl1e: " + Pte.describe(value) : null;
                case DIRTY_BIT_CLEARED -> mine(target) ? "clears D (was " + Pte.describe(value) + ")" : null;
                case PTE_WRITE_BACK -> mine(target) ? "stores sl1e back: " + Pte.describe(value) : null;
                case TLB_FLUSHED -> actor < vcpus ? "TLB flushed (" + FlushReason.of(target).name().toLowerCase(Locale.ROOT) + ")" : null;
                case HARVEST_STARTED -> "harvest " + target + " begins";
                case REDRAW_READ, MEMCMP_READ -> target == page ? "redraw shows store " + value : null;
                default -> null;
            };
            if (what != null) add(new Row(lseq, time, actor, what));
        }

        @Override
        public void harvest(HarvestCompleted h) {
            add(new Row(h.lseq(), h.time(), h.actor(), "harvest " + h.harvestId() + (h.reported(page) ? " REPORTS page " : " misses page ") + page));
        }

        private void add(Row r) {
            Row last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            if (last != null && last.actor() == r.actor() && last.what().replaceFirst(" x\\d+$", "").equals(r.what()) && !r.what().startsWith(">>")) {
                repeats++;
                rows.set(rows.size() - 1, new Row(last.lseq(), last.time(), last.actor(), r.what() + " x" + (repeats + 1)));
                return;
            }
            repeats = 0;
            rows.add(r);
        }

        void print(ActorIds ids) {
            int w = 36;
            StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%8s %10s", "lseq", "ms"));
            for (int a = 0; a < ids.count(); a++) head.append(" | ").append(String.format(Locale.ROOT, "%-" + w + "s", ids.name(a)));
            System.out.println(head);
            for (Row r : rows) {
                StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%8d %10.3f", r.lseq(), r.time() / 1e6));
                for (int a = 0; a < ids.count(); a++) {
                    String cell = a == r.actor() ? r.what() : "";
                    if (cell.length() > w) cell = cell.substring(0, w - 1) + "…";
                    b.append(" | ").append(String.format(Locale.ROOT, "%-" + w + "s", cell));
                }
                System.out.println(b.toString().stripTrailing());
            }
        }
    }
}
