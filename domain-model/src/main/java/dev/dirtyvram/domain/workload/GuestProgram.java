package dev.dirtyvram.domain.workload;

import dev.dirtyvram.domain.config.GuestEvent;
import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.paging.GuestPageTables;
import dev.dirtyvram.domain.paging.VirtualLayout;
import dev.dirtyvram.domain.schedule.SeedTree;
import dev.dirtyvram.domain.vcpu.Vcpu;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What one guest VCPU does, the same in every mode: its timer VM exits, its workload's accesses on their schedule
 * (which page, read or write, through which mapping, when the next one is due), the retry of an access that
 * faulted, and long idle periods. The reference driver and the VCPU actor both drive it: they choose when it takes
 * a step and take its faults to the hypervisor.
 *
 * <p>Pacing: each access has a due time on the run clock. A VCPU that falls behind (a fault, a pause, an actor that
 * ran late) catches up with the accesses it missed, as a guest that was held up does the work it still has, but only
 * for {@link #MAX_LAG_NS}: a longer stall gives up the accesses that were due before that. Idle time earns no
 * credit at all: after a long idle the schedule resumes from the idle's end.
 */
public final class GuestProgram {
    /** How far behind its schedule a VCPU still catches up. */
    public static final long MAX_LAG_NS = 20_000_000L;

    public enum Step { TIMER_EXIT, STORE, LOAD, FAULT, WAIT }

    private final Vcpu vcpu;
    private final Workload workload;
    private final VirtualLayout vl;
    private final GuestPageTables gpt;
    private final long accessCostNs;
    private final long timerPeriodNs;
    private long accessNext;
    private long timerNext;
    private long idleUntil;
    private int retryVpn = -1;
    private boolean retryIsWrite;
    private boolean faultPending;
    private long retryAt;
    /** Stores still to make: a bounded run's ({@code schedule.stores}), else unbounded. */
    private long storesLeft;

    /**
     * @param accessCostNs the time one access takes on the VCPU (a TLB hit), added to each gap
     */
    public GuestProgram(SimConfig cfg, SeedTree seeds, int index, Vcpu vcpu, VirtualLayout vl, GuestPageTables gpt,
                        long accessCostNs) {
        this.vcpu = vcpu;
        this.vl = vl;
        this.gpt = gpt;
        this.accessCostNs = accessCostNs;
        SplittableRandom guest = new SplittableRandom(seeds.guest(index));
        this.accessNext = guest.nextLong(1_000); // VCPUs do not start in lockstep
        this.workload = new Workload(cfg.workloadOf(index), cfg.lfbPages(), cfg.writeRate(), guest.nextLong());
        this.timerPeriodNs = timerPeriodNs(cfg);
        this.storesLeft = cfg.schedule().bounded() ? cfg.schedule().stores() : Long.MAX_VALUE;
        this.timerNext = timerPeriodNs == Long.MAX_VALUE ? Long.MAX_VALUE : new SplittableRandom(seeds.timer(index)).nextLong(timerPeriodNs);
    }

    private static long timerPeriodNs(SimConfig cfg) {
        return cfg.vmExitRate() == 0 ? Long.MAX_VALUE : 1_000_000_000L / cfg.vmExitRate();
    }

    /** When the program next has something to do: {@link Long#MAX_VALUE} while a fault waits for the hypervisor. */
    public long nextAt() {
        if (faultPending) return Long.MAX_VALUE;
        long access = retryVpn >= 0 ? retryAt : Math.max(accessNext, idleUntil);
        return Math.min(access, timerNext);
    }

    /** Where the schedule stands, a fault or not: the due time of the next timer exit or fresh access. */
    public long scheduledAt() {
        return Math.min(Math.max(accessNext, idleUntil), timerNext);
    }

    /**
     * Takes the step due first at or before {@code now}: a timer VM exit, the retry of a faulted access, or the
     * workload's next access. {@link Step#WAIT} when nothing was due or the workload had nothing to do then;
     * {@link Step#FAULT} when the access faulted: {@link #pendingVpn} goes to the hypervisor, and
     * {@link #faultHandled} resumes.
     */
    public Step step(long now) {
        if (faultPending) throw new IllegalStateException("a fault is pending");
        if (timerNext <= now) {
            vcpu.timerVmExit();
            timerNext = Math.max(timerNext + timerPeriodNs, now - MAX_LAG_NS);
            return Step.TIMER_EXIT;
        }
        if (retryVpn >= 0) return access(retryVpn, retryIsWrite);
        long at = Math.max(accessNext, idleUntil);
        if (at > now) return Step.WAIT;
        at = Math.max(at, now - MAX_LAG_NS);
        int page = workload.nextPage(at);
        if (page < 0) {
            accessNext = saturatedAdd(at, workload.gapNs(at));
            return Step.WAIT;
        }
        boolean write = !workload.lastWasRead();
        int vpn = gpt.aliasPresent(page) && workload.pickAlias() ? vl.aliasVpn(page) : vl.kernelVpn(page);
        accessNext = saturatedAdd(at + accessCostNs, workload.gapNs(at));
        return access(vpn, write);
    }

    private Step access(int vpn, boolean write) {
        Vcpu.Access r = write ? vcpu.store(vpn) : vcpu.load(vpn);
        if (r == Vcpu.Access.FAULT) {
            retryVpn = vpn;
            retryIsWrite = write;
            faultPending = true;
            return Step.FAULT;
        }
        retryVpn = -1;
        if (write && --storesLeft == 0) accessNext = Long.MAX_VALUE;
        return write ? Step.STORE : Step.LOAD;
    }

    /**
     * A bounded run's program that has made its stores (an unbounded one never has): its last store completed (no
     * retry or fault pending) and no access follows it.
     */
    public boolean finished() {
        return storesLeft == 0;
    }

    public int pendingVpn() { return retryVpn; }

    public boolean pendingIsWrite() { return retryIsWrite; }

    /** The hypervisor's answer at {@code now}: retry the access (its translation is refetched), or drop it. */
    public void faultHandled(boolean fixed, long now) {
        faultPending = false;
        if (fixed) {
            vcpu.invlpg(retryVpn);
            retryAt = now;
        } else {
            retryVpn = -1;
        }
    }

    /** LONG_IDLE: no accesses before {@code untilNs}, and none owed for the time idle. */
    public void idleUntil(long untilNs) {
        idleUntil = Math.max(idleUntil, untilNs);
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < a ? Long.MAX_VALUE : s;
    }

    /** Stores per second the workload of VCPU {@code v} asks for while not idle. */
    public static double storesPerSecond(SimConfig cfg, int v) {
        return Workload.storesPerSecond(cfg.workloadOf(v), cfg.lfbPages(), cfg.writeRate());
    }

    /** Nanoseconds of the run that no long idle covers. */
    public static long activeNs(SimConfig cfg) {
        List<GuestEvent> idles = new ArrayList<>();
        for (GuestEvent e : cfg.events()) if (e.kind() == GuestEventKind.LONG_IDLE) idles.add(e);
        idles.sort(Comparator.comparingLong(GuestEvent::atNs));
        long idle = 0;
        long covered = 0; // idle windows are merged as they overlap
        for (GuestEvent e : idles) {
            long from = Math.max(e.atNs(), covered);
            long to = Math.min(cfg.durationNs(), e.atNs() + e.durationNs());
            if (to > from) idle += to - from;
            covered = Math.max(covered, to);
        }
        return cfg.durationNs() - idle;
    }

    /** The stores the configuration asks for: each VCPU's workload at its rate over the time it is not idle (a bounded run's, its count). */
    public static long configuredStores(SimConfig cfg) {
        if (cfg.schedule().bounded()) return (long) cfg.vcpus() * cfg.schedule().stores();
        double perSecond = 0;
        for (int v = 0; v < cfg.vcpus(); v++) perSecond += storesPerSecond(cfg, v);
        return Math.round(perSecond * activeNs(cfg) / 1e9);
    }
}
