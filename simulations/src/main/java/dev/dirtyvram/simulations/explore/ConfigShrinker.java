package dev.dirtyvram.simulations.explore;

import dev.dirtyvram.domain.config.GuestEvent;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.WorkloadKind;
import dev.dirtyvram.simulations.scenario.Setting;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Delta debugging over a failing run's configuration: VCPUs, LFB pages, duration, scripted events, workloads, write
 * and VM-exit rates. Each step tries the candidates that make the configuration smaller in one way, in order, and
 * keeps the first that still fails the same way; it stops when none does or time is up.
 */
public final class ConfigShrinker {
    private ConfigShrinker() {}

    /** A candidate that still failed: its configuration, and what trying it gave (a judged run). */
    public record Kept<R>(SimConfig cfg, R run) {}

    /** The overrides that give the smallest failing configuration found, what its run gave, and the runs tried. */
    public record Result<R>(List<Setting> kept, R best, int tried) {}

    /**
     * @param start    the overrides of the failing run itself
     * @param cfg      its configuration
     * @param first    what its run gave
     * @param fails    tries a set of overrides: what failed the same way, or null (it did not, or is no configuration)
     * @param timeLeft whether to go on
     * @param shrunk   hears each change kept
     */
    public static <R> Result<R> shrink(List<Setting> start, SimConfig cfg, R first, Function<List<Setting>, Kept<R>> fails,
                                       BooleanSupplier timeLeft, Consumer<List<Setting>> shrunk) {
        List<Setting> kept = new ArrayList<>(start);
        SimConfig best = cfg;
        R bestRun = first;
        int tried = 0;
        boolean progress = true;
        while (progress && timeLeft.getAsBoolean()) {
            progress = false;
            for (List<Setting> change : candidates(best)) {
                if (!timeLeft.getAsBoolean()) break;
                List<Setting> attempt = new ArrayList<>(kept);
                attempt.addAll(change);
                tried++;
                Kept<R> k = fails.apply(attempt);
                if (k == null || k.cfg().equals(best)) continue; // no smaller: would be tried for ever
                kept = attempt;
                best = k.cfg();
                bestRun = k.run();
                progress = true;
                shrunk.accept(change);
                break;
            }
        }
        return new Result<>(kept, bestRun, tried);
    }

    /** Each candidate is a set of overrides that makes the configuration smaller in one way. */
    public static List<List<Setting>> candidates(SimConfig c) {
        List<List<Setting>> out = new ArrayList<>();
        for (int v : new LinkedHashSet<>(List.of(1, 2, c.vcpus() / 2, c.vcpus() - 1))) {
            if (v >= 1 && v < c.vcpus()) out.add(List.of(Setting.of("vcpus", v)));
        }
        for (int p : new LinkedHashSet<>(List.of(1, 2, 4, c.lfbPages() / 2))) {
            if (p >= 1 && p < c.lfbPages()) out.add(List.of(Setting.of("lfb.pages", p)));
        }
        long half = c.durationNs() / 2;
        if (half >= 2 * c.harvestIntervalNs()) {
            List<GuestEvent> inside = c.events().stream().filter(e -> e.atNs() < half).toList();
            out.add(List.of(Setting.of("duration", half + "ns"), Setting.of("events", events(inside))));
        }
        for (int i = 0; i < c.events().size(); i++) {
            List<GuestEvent> fewer = new ArrayList<>(c.events());
            fewer.remove(i);
            out.add(List.of(Setting.of("events", events(fewer))));
        }
        if (c.workloads().size() > 1) {
            for (WorkloadKind w : new LinkedHashSet<>(c.workloads())) out.add(List.of(Setting.of("guest.workloads", "[" + w.id + "]")));
        }
        if (c.writeRate() >= 2000) out.add(List.of(Setting.of("guest.write-rate", c.writeRate() / 2)));
        if (c.vmExitRate() > 0) out.add(List.of(Setting.of("guest.vm-exit-rate", 0)));
        return out;
    }

    private static String events(List<GuestEvent> events) {
        return events.stream().map(e -> String.format(Locale.ROOT, "{at=%dns,type=%s,first=%d,count=%d,duration=%dns}",
                e.atNs(), e.kind().id, e.first(), e.count(), e.durationNs())).collect(Collectors.joining(",", "[", "]"));
    }
}
