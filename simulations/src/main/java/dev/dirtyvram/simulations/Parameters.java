package dev.dirtyvram.simulations;

import dev.dirtyvram.domain.config.GuestEvent;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.cost.CostModel;
import java.io.PrintStream;
import java.util.Locale;

/** The resolved parameters, printed before a run starts: enough to know exactly what ran. */
final class Parameters {
    private Parameters() {}

    static void print(PrintStream out, Scenario s) {
        SimConfig c = s.cfg();
        CostModel k = c.cost();
        out.printf(Locale.ROOT, "  seed %d | strategy %s | vcpus %d | duration %s | mode %s%n",
                c.seed(), c.strategy().id, c.vcpus(), ms(c.durationNs()), s.mode().id);
        out.printf(Locale.ROOT, "  lfb %d pages (%d KiB), mfn layout %s | tlb %s, %d entries%n",
                c.lfbPages(), c.lfbPages() * 4, c.mfnLayout().id, c.tlbMode().id, c.tlbCapacity());
        out.printf(Locale.ROOT, "  harvest every %s, flush %s, clear %s, count>1 %s, sl1ma idle drop %s%n",
                ms(c.harvestIntervalNs()), c.flushAfterClear() ? "on" : "off", c.atomicClear() ? "atomic" : "plain read-modify-write",
                c.countPolicy().id, ms(c.sl1maIdleDropNs()));
        out.printf(Locale.ROOT, "  guest: %s; %d stores/s per VCPU; %d timer VM exits/s per VCPU%n",
                c.workloads().stream().map(w -> w.id).toList(), c.writeRate(), c.vmExitRate());
        for (GuestEvent e : c.events()) {
            out.printf(Locale.ROOT, "  event at %s: %s pages [%d, %d)%s%n", ms(e.atNs()), e.kind().id, e.first(),
                    e.first() + e.count(), e.durationNs() > 0 ? " for " + ms(e.durationNs()) : "");
        }
        out.printf(Locale.ROOT, "  cost (cycles): walk %d, fault %d, vm exit %d, hypercall %d, ipi %d, pte read %d/clear %d, memcmp %d/page, pause %d; %d cycles/ns%n",
                k.pageWalk(), k.faultVmExit(), k.vmExit(), k.hypercall(), k.ipi(), k.pteRead(), k.pteClear(),
                k.memcmpPage(), k.domainPause(), k.cyclesPerNs());
    }

    static String ms(long ns) {
        return ns % 1_000_000 == 0 ? ns / 1_000_000 + "ms" : String.format(Locale.ROOT, "%.3fms", ns / 1e6);
    }
}
