package dev.dirtyvram.simulations.explore;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.config.Durations;
import dev.dirtyvram.simulations.scenario.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Swarm testing (Groce et al., ISSTA 2012; TigerBeetle's VOPR draws its options from the seed the same way): each hunt
 * run draws its configuration from the envelope of the scenario's {@code swarm} block: VCPUs, LFB pages, TLB size,
 * write and VM-exit rates, each VCPU's workload, the scheduling window, deterministic mode's burst and walk chunk, and up
 * to a few scripted guest events at random times (a mapping made and later removed, a remap and its undoing, a
 * read-only higher level made writable again, a shadow teardown, a mode switch, a long idle). Every draw comes from
 * the run's seed, so a run repeats; the draws are overrides, so the run's config.conf holds them.
 */
final class Swarm {
    /** Keeps the draws apart from every stream the run's seed tree derives. */
    private static final long SALT = 0x5A4B_3C2D_1E0F_9876L;

    private Swarm() {}

    /** The overrides run {@code seed} draws from {@code envelope} (the resolved {@code swarm} block) for a run of {@code durationNs}. */
    static List<Setting> draw(long seed, Config envelope, boolean deterministic, long durationNs) {
        SplittableRandom r = new SplittableRandom(seed ^ SALT);
        List<Setting> o = new ArrayList<>();
        int vcpus = Integer.parseInt(pick(r, envelope.getStringList("vcpus")));
        int pages = Integer.parseInt(pick(r, envelope.getStringList("lfb-pages")));
        o.add(Setting.of("vcpus", vcpus));
        o.add(Setting.of("lfb.pages", pages));
        o.add(Setting.of("tlb.capacity", pick(r, envelope.getStringList("tlb-capacity"))));
        o.add(Setting.of("guest.write-rate", pick(r, envelope.getStringList("write-rate"))));
        o.add(Setting.of("guest.vm-exit-rate", pick(r, envelope.getStringList("vm-exit-rate"))));
        List<String> kinds = envelope.getStringList("workloads");
        List<String> workloads = new ArrayList<>();
        for (int v = 0; v < vcpus; v++) workloads.add(pick(r, kinds));
        o.add(Setting.of("guest.workloads", "[" + String.join(", ", workloads) + "]"));
        o.add(Setting.of("schedule.window", pick(r, envelope.getStringList("window"))));
        if (deterministic) {
            o.add(Setting.of("schedule.burst", pick(r, envelope.getStringList("burst"))));
            o.add(Setting.of("schedule.walk-chunk", pick(r, envelope.getStringList("walk-chunk"))));
        }
        o.add(Setting.of("events", "[" + String.join(", ", events(r, envelope, pages, durationNs)) + "]"));
        return o;
    }

    /** Up to swarm.events scripted events, each of a drawn kind at a drawn time; one that needs undoing is undone later. */
    private static List<String> events(SplittableRandom r, Config envelope, int pages, long durationNs) {
        List<String> out = new ArrayList<>();
        List<String> kinds = envelope.getStringList("event-kinds");
        int n = kinds.isEmpty() ? 0 : r.nextInt(envelope.getInt("events") + 1);
        for (int i = 0; i < n; i++) {
            String kind = pick(r, kinds);
            long at = r.nextLong(Math.max(1, durationNs * 3 / 4));
            long until = at + 1 + r.nextLong(Math.max(1, durationNs - at - 1));
            int first = r.nextInt(pages);
            int count = 1 + r.nextInt(pages - first);
            switch (kind) {
                case "alias-map" -> {
                    out.add(event(at, "alias-map", first, count, 0));
                    out.add(event(until, "alias-unmap", first, count, 0));
                }
                case "remap" -> {
                    out.add(event(at, "remap", first, count, 0));
                    out.add(event(until, "unremap", first, count, 0));
                }
                case "higher-level-ro" -> {
                    out.add(event(at, "higher-level-ro", first, count, 0));
                    out.add(event(until, "higher-level-rw", first, count, 0));
                }
                case "long-idle" -> out.add(event(at, "long-idle", 0, 0, Math.max(1, until - at)));
                default -> out.add(event(at, kind, first, count, 0));
            }
        }
        return out;
    }

    private static String event(long atNs, String type, int first, int count, long durationNs) {
        return String.format(Locale.ROOT, "{ at = %s, type = %s, first = %d, count = %d%s }", Durations.format(atNs), type, first, count,
                durationNs > 0 ? ", duration = " + Durations.format(durationNs) : "");
    }

    private static String pick(SplittableRandom r, List<String> values) {
        return values.get(r.nextInt(values.size()));
    }
}
