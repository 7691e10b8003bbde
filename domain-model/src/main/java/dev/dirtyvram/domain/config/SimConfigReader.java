package dev.dirtyvram.domain.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.dirtyvram.domain.cost.CostModel;
import dev.dirtyvram.domain.memory.MfnLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
/**
 * The one place defaults live is {@code dirtyvram-defaults.conf}; this reads it, and reads any resolved configuration
 * (defaults under a scenario under overrides) into a {@link SimConfig}. Values out of range are
 * {@link IllegalArgumentException}s naming the key.
 */
public final class SimConfigReader {
    public static final String DEFAULTS_RESOURCE = "dirtyvram-defaults.conf";
    private static final List<String> EVENT_KEYS = List.of("at", "type", "first", "count", "duration");
    private static final Config DEFAULTS = ConfigFactory.parseResources(SimConfigReader.class.getClassLoader(),
            DEFAULTS_RESOURCE, ConfigParseOptions.defaults().setAllowMissing(false));
    private static final SimConfig DEFAULT_CONFIG = read(DEFAULTS.resolve());

    private SimConfigReader() {}

    /** The defaults file, unresolved (scenarios and overrides go on top of it). */
    public static Config defaults() { return DEFAULTS; }

    /** The defaults as a configuration: what {@link SimConfig#builder()} starts from. */
    public static SimConfig defaultConfig() { return DEFAULT_CONFIG; }

    /** A cost preset by name ({@code modern}, {@code 2008}), as the defaults file gives it. */
    public static CostModel costPreset(String name) {
        return cost(DEFAULTS.withValue("cost.preset", ConfigValueFactory.fromAnyRef(name)).resolve());
    }

    public static SimConfig read(Config c) {
        List<WorkloadKind> workloads = new ArrayList<>();
        for (String w : c.getStringList("guest.workloads")) workloads.add(WorkloadKind.parse(w));
        List<GuestEvent> events = new ArrayList<>();
        for (Config e : c.getConfigList("events")) {
            for (String k : e.root().keySet()) {
                if (!EVENT_KEYS.contains(k)) throw new IllegalArgumentException("unknown key '" + k + "' in an event (at, type, first, count, duration)");
            }
            events.add(new GuestEvent(Durations.nanos(e, "at"), GuestEventKind.parse(e.getString("type")),
                    e.hasPath("first") ? e.getInt("first") : 0, e.hasPath("count") ? e.getInt("count") : 0,
                    e.hasPath("duration") ? Durations.nanos(e, "duration") : 0));
        }
        return new SimConfig.Builder()
                .vcpus(c.getInt("vcpus"))
                .strategy(StrategyId.parse(c.getString("strategy")))
                .durationNs(Durations.nanos(c, "duration"))
                .seed(c.getLong("seed"))
                .lfbPages(c.getInt("lfb.pages"))
                .mfnLayout(MfnLayout.parse(c.getString("lfb.mfn-layout")))
                .tlbMode(TlbMode.parse(c.getString("tlb.mode")))
                .tlbCapacity(c.getInt("tlb.capacity"))
                .harvestIntervalNs(Durations.nanos(c, "harvest.interval"))
                .flushAfterClear(c.getBoolean("harvest.flush-after-clear"))
                .atomicClear(c.getBoolean("harvest.atomic-clear"))
                .countPolicy(CountPolicy.parse(c.getString("harvest.count-policy")))
                .sl1maIdleDropNs(Durations.nanos(c, "harvest.sl1ma-idle-drop"))
                .sl1maVersion(Sl1maVersion.parse(c.getString("harvest.sl1ma-version")))
                .linearWalkHooks(LinearWalkHooks.parse(c.getString("harvest.linear-walk-hooks")))
                .setL1e(SetL1eMode.parse(c.getString("shadow.set-l1e")))
                .kvmRingSize(c.getInt("kvm.ring-size"))
                .kvmWpBeforeSwap(c.getBoolean("kvm.wp-before-swap"))
                .kvmUnlockBeforeFlush(c.getBoolean("kvm.unlock-before-flush"))
                .hapPml(c.getBoolean("hap.pml"))
                .hapDrainPml(c.getBoolean("hap.drain-pml"))
                .hapFlushAfterUnpause(c.getBoolean("hap.flush-after-unpause"))
                .hapCopyOutFailsEvery(c.getInt("hap.copy-out-fails-every"))
                .schedule(new Schedule(SchedulePolicy.parse(c.getString("schedule.policy")), c.getInt("schedule.pct-depth"),
                        c.getLong("schedule.pct-steps"),
                        c.getInt("schedule.burst"), c.getInt("schedule.walk-chunk"),
                        Durations.nanos(c, "schedule.window"), c.getString("schedule.replay"),
                        c.getInt("schedule.stores"), c.getInt("schedule.harvests")))
                .writeRate(c.getLong("guest.write-rate"))
                .vmExitRate(c.getLong("guest.vm-exit-rate"))
                .workloads(workloads)
                .events(events)
                .cost(cost(c))
                .build();
    }

    /** cost.preset's figures, each replaced by its cost.* key where that is set. */
    static CostModel cost(Config c) {
        String preset = c.getString("cost.preset");
        if (!c.hasPath("cost-presets." + preset)) {
            throw new IllegalArgumentException("unknown cost.preset '" + preset + "' (" + String.join(", ", c.getConfig("cost-presets").root().keySet()) + ")");
        }
        Config p = c.getConfig("cost-presets." + preset);
        ToLongFunction<String> v = k -> c.getIsNull("cost." + k) ? p.getLong(k) : c.getLong("cost." + k);
        return new CostModel(v.applyAsLong("tlb-hit"), v.applyAsLong("page-walk"), v.applyAsLong("fault-vm-exit"),
                v.applyAsLong("vm-exit"), v.applyAsLong("hypercall"), v.applyAsLong("ipi"), v.applyAsLong("pte-read"),
                v.applyAsLong("pte-clear"), v.applyAsLong("memcmp-per-kbyte"), v.applyAsLong("sl1ma-per-frame"),
                v.applyAsLong("device-model-refresh"), v.applyAsLong("domain-pause"), v.applyAsLong("redraw-per-page"),
                v.applyAsLong("cycles-per-ns"));
    }
}
