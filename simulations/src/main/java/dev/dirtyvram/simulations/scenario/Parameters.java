package dev.dirtyvram.simulations.scenario;

import dev.dirtyvram.domain.config.GuestEvent;
import dev.dirtyvram.domain.config.SchedulePolicy;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.cost.CostModel;
import dev.dirtyvram.domain.oracle.Achievement;
import dev.dirtyvram.domain.workload.GuestProgram;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
/** The resolved parameters, printed before a run starts: enough to know exactly what ran. */
public final class Parameters {
    private Parameters() {}

    public static void print(PrintStream out, Scenario s) {
        SimConfig c = s.cfg();
        CostModel k = c.cost();
        out.printf(Locale.ROOT, "  seed %d | strategy %s | vcpus %d | duration %s | mode %s%s%n",
                c.seed(), c.strategy().id, c.vcpus(), ms(c.durationNs()), s.mode().id, execution(s));
        out.printf(Locale.ROOT, "  lfb %d pages (%d KiB), mfn layout %s | tlb %s, %d entries%n",
                c.lfbPages(), c.lfbPages() * 4, c.mfnLayout().id, c.tlbMode().id, c.tlbCapacity());
        out.printf(Locale.ROOT, "  harvest every %s, flush after clear %s, clear %s, %s%n",
                ms(c.harvestIntervalNs()), c.flushAfterClear() ? "on" : "off", c.atomicClear() ? "atomic" : "plain read-modify-write",
                strategyKnobs(c));
        out.printf(Locale.ROOT, "  shadow_set_l1e %s | schedule %s%s, %d stores per burst, %d accesses per walk chunk%n",
                c.setL1e().id(), c.schedule().policy().forSeed(c.seed()).id(),
                c.schedule().policy() == SchedulePolicy.PORTFOLIO ? " (portfolio's turn)" : "",
                c.schedule().burst(), c.schedule().walkChunk());
        out.printf(Locale.ROOT, "  guest: %s; %d timer VM exits/s per VCPU%n", workloads(c), c.vmExitRate());
        out.printf(Locale.ROOT, "  configured: %d stores, %d harvests (a run achieving less than %.0f%% of either is inconclusive)%n",
                GuestProgram.configuredStores(c), Achievement.configuredHarvests(c), 100 * Achievement.ENOUGH);
        for (GuestEvent e : c.events()) {
            out.printf(Locale.ROOT, "  event at %s: %s pages [%d, %d)%s%n", ms(e.atNs()), e.kind().id, e.first(),
                    e.first() + e.count(), e.durationNs() > 0 ? " for " + ms(e.durationNs()) : "");
        }
        // The cost.* keys by name, so that a figure seen here is the key to --set.
        out.printf(Locale.ROOT, "  cost (cycles, preset %s): tlb-hit %d, page-walk %d, fault-vm-exit %d, vm-exit %d, hypercall %d, ipi %d, "
                        + "pte-read %d, pte-clear %d, memcmp-per-kbyte %d, sl1ma-per-frame %d, device-model-refresh %d, domain-pause %d, "
                        + "redraw-per-page %d, cycles-per-ns %d%n",
                s.resolved().getString("cost.preset"), k.tlbHit(), k.pageWalk(), k.faultVmExit(), k.vmExit(), k.hypercall(), k.ipi(),
                k.pteRead(), k.pteClear(), k.memcmpPerKbyte(), k.sl1maPerFrame(), k.deviceModelRefresh(), k.domainPause(),
                k.redrawPerPage(), k.cyclesPerNs());
    }

    /** The knobs only this run's strategy reads. */
    private static String strategyKnobs(SimConfig c) {
        return switch (c.strategy()) {
            case LINEAR_WALK -> "count>1 " + c.countPolicy().id + ", hooks " + c.linearWalkHooks().id();
            case SL1MA -> c.sl1maVersion().id() + ", idle drop " + ms(c.sl1maIdleDropNs());
            case KVM_DIRTY_RING -> "kvm-dirty-ring of " + c.kvmRingSize() + " entries";
            default -> c.strategy().id;
        };
    }

    private static String execution(Scenario s) {
        return switch (s.mode()) {
            case REFERENCE -> "";
            case DETERMINISTIC -> " (journal " + s.journal().id + ")";
            case CONCURRENT -> " (journal " + s.journal().id + ", time dilation " + s.dilation().id() + ")";
        };
    }

    /** Each VCPU's workload at the rate it stores at, alike VCPUs counted together: "random x2 at 200000 stores/s". */
    private static String workloads(SimConfig c) {
        Map<String, Integer> count = new LinkedHashMap<>();
        for (int v = 0; v < c.vcpus(); v++) {
            double rate = GuestProgram.storesPerSecond(c, v);
            String what = c.workloadOf(v).id + (rate == 0 ? " (no stores)" : String.format(Locale.ROOT, " at %.0f stores/s", rate));
            count.merge(what, 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder();
        for (var e : count.entrySet()) {
            if (b.length() > 0) b.append(", ");
            int at = e.getKey().indexOf(' ');
            b.append(e.getKey(), 0, at).append(" x").append(e.getValue()).append(e.getKey().substring(at));
        }
        return b.toString();
    }

    public static String ms(long ns) {
        return ns % 1_000_000 == 0 ? ns / 1_000_000 + "ms" : String.format(Locale.ROOT, "%.3fms", ns / 1e6);
    }
}
