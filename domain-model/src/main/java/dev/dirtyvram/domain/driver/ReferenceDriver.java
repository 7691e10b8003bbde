package dev.dirtyvram.domain.driver;

import dev.dirtyvram.domain.config.GuestEvent;
import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.cost.CostModel;
import dev.dirtyvram.domain.display.DeviceModel;
import dev.dirtyvram.domain.display.RefreshTimer;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.hypervisor.TrackDirtyVram;
import dev.dirtyvram.domain.oracle.Achievement;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.domain.schedule.ChoiceLog;
import dev.dirtyvram.domain.schedule.Scheduler;
import dev.dirtyvram.domain.vcpu.FlushReason;
import dev.dirtyvram.domain.workload.GuestProgram;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;

/**
 * The sequential reference: N VCPUs' guest programs, the harvester (hypervisor walk, then device-model redraw) and the
 * scripted guest events, in one thread on a virtual clock. Each agent performs one memory access per step; the
 * agent with the earliest next time goes next, ties broken by the seeded scheduler, and step durations come from
 * the cost model with seeded jitter, so a seed fixes one interleaving. The domain's test bed and performance
 * baseline.
 */
public final class ReferenceDriver {
    private enum Phase { IDLE, HYPERVISOR, REDRAW }

    /** Hears each step before it runs: the actor chosen, among the candidates (a bounded run's, where every one competes). */
    public interface StepProbe {
        void step(int actor, int[] candidates, int count);
    }

    private final Domain d;
    private final SimConfig cfg;
    private final CostModel cost;
    private final SplittableRandom sched;
    private final Scheduler scheduler;
    private final int[] tied;
    /** Where each agent stands this pick (scratch, so that the hot loop allocates nothing). */
    private final long[] standingAt;
    private final int n;
    private final GuestProgram[] programs;
    private final long[] vcpuNext;
    private final boolean[] faultPending;
    private final List<GuestEvent> events;
    private int nextEvent;
    private long eventNext;

    private Phase phase = Phase.IDLE;
    private long harvestNext;
    /** The device model's refresh grid. */
    private final RefreshTimer refresh;
    private TrackDirtyVram call;
    private DeviceModel.Redraw redraw;
    private boolean lockHeld;
    private boolean paused;
    private boolean quiescing;
    private boolean finalHarvest;
    private boolean done;
    /** A run bounded by counts of stores and harvests ({@code schedule.stores}) rather than by time. */
    private final boolean bounded;
    private int harvestsStarted;
    private int candidates;
    private StepProbe probe;
    /**
     * The VCPU picked alone last, and when the next other agent is due: it runs again while it is due before that.
     * -1 once anything but its own step may have moved a due time (a harvester or script step, the quiesce).
     */
    private int ahead = -1;
    private long aheadLimit;

    /** A run on its own: hashed, folded on a second thread when the machine has a second core. */
    public ReferenceDriver(SimConfig cfg, FactSink extra) {
        this(cfg, extra, true, Runtime.getRuntime().availableProcessors() > 1);
    }

    /**
     * @param measured whether the run is measured: its timeline hashed, its display latencies kept (a hunt's runs need
     *                 only their verdicts)
     */
    public ReferenceDriver(SimConfig cfg, FactSink extra, boolean measured) {
        this(cfg, extra, measured, false);
    }

    /**
     * @param pipelined whether the timeline is folded (hashed, judged, heard by {@code extra}) on a thread of its own
     *                  while the machine runs: the same facts in the same order, the summary once the run is over. A
     *                  run on its own uses a second core so; a hunt's runs, one a core, do not.
     */
    public ReferenceDriver(SimConfig cfg, FactSink extra, boolean measured, boolean pipelined) {
        this(cfg, extra, measured, pipelined, null);
    }

    /**
     * A run whose choices {@code chooser} makes (check explores so), unmeasured and folded on the machine's thread; the
     * durations are the run's own whatever the choices, so that its choice sequence replays it under any policy.
     */
    public ReferenceDriver(SimConfig cfg, FactSink extra, Scheduler chooser) {
        this(cfg, extra, false, false, chooser);
    }

    private ReferenceDriver(SimConfig cfg, FactSink extra, boolean measured, boolean pipelined, Scheduler chooser) {
        this.d = new Domain(cfg, extra, measured, pipelined);
        this.cfg = cfg;
        this.cost = cfg.cost();
        this.sched = new SplittableRandom(d.machine.seeds().scheduler());
        // The scheduler's own stream, split off the jitter's so that a policy changes the order, not the durations.
        long schedulerSeed = sched.split().nextLong();
        this.scheduler = chooser != null ? chooser
                : Scheduler.forRun(cfg, schedulerSeed, d.ids.count() + 1, Achievement.pctSteps(cfg, 1, 1));
        this.bounded = cfg.schedule().bounded();
        this.tied = new int[cfg.vcpus() + 2];
        this.standingAt = new long[cfg.vcpus() + 2];
        this.n = cfg.vcpus();
        this.programs = new GuestProgram[n];
        this.vcpuNext = new long[n];
        this.faultPending = new boolean[n];
        for (int v = 0; v < n; v++) {
            programs[v] = new GuestProgram(cfg, d.machine.seeds(), v, d.vcpus[v], d.vl, d.gpt, cost.ns(cost.tlbHit()));
            vcpuNext[v] = programs[v].nextAt();
        }
        this.refresh = new RefreshTimer(cfg.harvestIntervalNs());
        this.harvestNext = refresh.first();
        this.events = new ArrayList<>(cfg.events());
        events.sort(Comparator.comparingLong(GuestEvent::atNs));
        this.eventNext = events.isEmpty() ? Long.MAX_VALUE : events.get(0).atNs();
    }

    public static RunSummary run(SimConfig cfg) {
        return new ReferenceDriver(cfg, null).run((DoubleConsumer) null);
    }

    public Domain domain() { return d; }

    /** The scheduler's choices so far: the run's choice sequence. */
    public ChoiceLog choices() { return scheduler.choices(); }

    /** {@code probe} hears every step of a bounded run. */
    public ReferenceDriver probe(StepProbe probe) {
        if (!bounded) throw new IllegalStateException("a step probe hears bounded runs (schedule.stores)");
        this.probe = probe;
        return this;
    }

    /**
     * Runs to the end of the quiesce protocol, or until {@link StopSignal} (then the summary is incomplete);
     * {@code progress} (may be null) hears the fraction of guest time done.
     */
    public RunSummary run(DoubleConsumer progress) {
        try {
            return steps(progress);
        } catch (RuntimeException e) {
            try {
                d.finishFold(); // the fold thread ends too
            } catch (RuntimeException | Error alsoTheFolds) {
                // the machine's exception is the one to tell
            }
            throw e;
        } catch (Error e) {
            Fatal.record(e);
            RunSummary measured;
            try {
                d.finishFold();
                measured = d.fold.summary();
            } catch (RuntimeException | Error again) {
                measured = null;
            }
            throw new Fatal.RunFailed(e, d.now()).measured(measured);
        }
    }

    private RunSummary steps(DoubleConsumer progress) {
        long steps = 0;
        while (!done && !StopSignal.requested()) {
            int agent = pick();
            // A step chosen ahead of earlier ones (schedule.window) runs at its own time; they wait for it.
            long t = Math.max(d.now(), dueAt(agent));
            d.advanceTo(t);
            if (!quiescing && t >= cfg.durationNs()) {
                quiesce();
                continue;
            }
            if (probe != null) probe.step(actorOf(agent), tied, candidates);
            if (agent < n) {
                vcpuStep(agent, t);
            } else {
                ahead = -1;
                if (agent == n) harvesterStep(t);
                else eventStep(t);
            }
            if (bounded && !quiescing && boundsReached()) quiesce();
            if (progress != null && (++steps & 0xffff) == 0) {
                progress.accept(Math.min(1.0, (double) t / cfg.durationNs()));
            }
        }
        if (progress != null) progress.accept(1.0);
        d.finishFold();
        return d.fold.summary();
    }

    /**
     * The agent due first: VCPUs 0..n-1, the harvester n, the guest-event script n+1. Agents due at the same time go
     * to the scheduler, named by their actor ids (the harvester is the hypervisor, the script the guest OS).
     */
    private int pick() {
        // A bounded run lets every step that is not blocked compete, whatever its time.
        long window = bounded ? Long.MAX_VALUE : cfg.schedule().windowNs();
        if (window == 0) return pickDueFirst();
        long best = Long.MAX_VALUE;
        for (int a = 0; a <= n + 1; a++) {
            standingAt[a] = standing(a, window);
            best = Math.min(best, standingAt[a]);
        }
        int ties = 0;
        for (int a = 0; a <= n + 1; a++) {
            long t = standingAt[a];
            if (t != Long.MAX_VALUE && t - best <= window) tied[ties++] = actorOf(a);
        }
        candidates = ties;
        if (ties == 0) return n; // nothing else may run: the harvester (its clock is never done)
        if (ties == 1) return agentOf(tied[0]);
        return agentOf(tied[scheduler.choose(tied, ties)]);
    }

    /** A bounded run's stores and harvests are made: the final harvest follows. */
    private boolean boundsReached() {
        if (harvestsStarted < cfg.schedule().harvests()) return false;
        for (int v = 0; v < n; v++) if (!programs[v].finished()) return false;
        return true;
    }

    /**
     * {@link #pick} without a window: the agent due first, or among those due at that instant the scheduler's choice.
     * A VCPU picked alone stays the pick while its next step comes before every other agent's ({@link #ahead}): only
     * its own due time moved, so the scan would pick it again.
     */
    private int pickDueFirst() {
        int v = ahead;
        if (v >= 0 && vcpuNext[v] < aheadLimit) return v;
        long best = Long.MAX_VALUE;
        long second = Long.MAX_VALUE;
        int first = -1;
        if (!quiescing && !paused) {
            long[] due = vcpuNext;
            for (int a = 0; a < n; a++) {
                long t = due[a];
                if (t < best) {
                    second = best;
                    best = t;
                    first = a;
                } else if (t < second) {
                    second = t;
                }
            }
        }
        for (int a = n; a <= n + 1; a++) {
            long t = dueAt(a);
            if (t < best) {
                second = best;
                best = t;
                first = a;
            } else if (t < second) {
                second = t;
            }
        }
        ahead = -1;
        if (first < 0) return n; // nothing else may run: the harvester (its clock is never done)
        if (second != best) {
            if (first < n) {
                ahead = first;
                aheadLimit = second;
            }
            return first;
        }
        int ties = 0;
        for (int a = first; a <= n + 1; a++) {
            if (dueAt(a) == best) tied[ties++] = actorOf(a);
        }
        return agentOf(tied[scheduler.choose(tied, ties)]);
    }

    /**
     * Where an agent stands for the scheduler: when it would run next, or, with a window, a VCPU behind its guest
     * program's schedule stands where its program is, so that steps chosen ahead of it cannot leave it ever further
     * behind (a program that needs more steps per second would otherwise lose stores to uniform picks).
     */
    private long standing(int a, long window) {
        long due = dueAt(a);
        if (window == 0 || a >= n || due == Long.MAX_VALUE || faultPending[a]) return due;
        return Math.min(due, programs[a].scheduledAt());
    }

    /** When an agent would run next; never while it may not (guests stopped, domain paused, script over). */
    private long dueAt(int a) {
        // A bounded run blocks what would spin on the shadow lock, and the harvester once its harvests are made.
        if (a < n) return quiescing || paused || (bounded && lockHeld && faultPending[a] && !fastFault(a)) ? Long.MAX_VALUE : vcpuNext[a];
        if (a == n) return bounded && !quiescing && phase == Phase.IDLE && harvestsStarted >= cfg.schedule().harvests() ? Long.MAX_VALUE : harvestNext;
        return quiescing || (bounded && eventsWait()) ? Long.MAX_VALUE : eventNext;
    }

    /** A guest event waits for the harvest's report, even once the lock was released ahead of the flush. */
    private boolean eventsWait() {
        return lockHeld || phase == Phase.HYPERVISOR;
    }

    /** VCPU {@code v}'s pending fault takes the lock-free path (it does not wait for the lock). */
    private boolean fastFault(int v) {
        return d.hv.fastFaultable(programs[v].pendingVpn(), programs[v].pendingIsWrite());
    }

    /** An agent's actor id: the script is the guest OS, the others are their own. */
    private int actorOf(int agent) {
        return agent == n + 1 ? d.ids.count() : agent;
    }

    /** Back from an actor id to the driver's agent index. */
    private int agentOf(int actor) {
        return actor == d.ids.count() ? n + 1 : actor;
    }

    private void quiesce() {
        ahead = -1;
        quiescing = true;
        d.markQuiesce();
        if (phase == Phase.IDLE) harvestNext = d.now();
    }

    private void vcpuStep(int v, long t) {
        GuestProgram p = programs[v];
        if (faultPending[v]) {
            boolean fast = d.hv.fastPageFault(v, p.pendingVpn(), p.pendingIsWrite()); // no lock: it may come amid a harvest
            if (lockHeld && !fast) {
                vcpuNext[v] = t + jitter(cost.pteRead() * 8); // spin on the shadow lock
                return;
            }
            faultPending[v] = false;
            long resume = t + jitter(cost.faultVmExit());
            boolean fixed = true;
            if (!fast) {
                fixed = d.slowFault(v, p.pendingVpn(), p.pendingIsWrite());
                if (d.hv.flushOwed()) resume += jitter(cost.ipi());
            }
            p.faultHandled(fixed, resume);
            vcpuNext[v] = Math.max(resume, p.nextAt());
            return;
        }
        switch (p.step(t)) {
            case FAULT -> {
                faultPending[v] = true;
                vcpuNext[v] = t + 1;
            }
            case TIMER_EXIT -> vcpuNext[v] = Math.max(t + jitter(cost.vmExit()), p.nextAt());
            default -> vcpuNext[v] = Math.max(t + 1, p.nextAt());
        }
    }

    /** The harvest protocol ({@link TrackDirtyVram}) one step at a time, each taking its cost in virtual time. */
    private void harvesterStep(long t) {
        switch (phase) {
            case IDLE -> {
                if (lockHeld) return;
                finalHarvest = quiescing;
                if (!finalHarvest) harvestsStarted++;
                call = d.hv.trackDirtyVram(finalHarvest);
                lockHeld = true;
                phase = Phase.HYPERVISOR;
                harvestNext = t + jitter(cost.hypercall());
            }
            case HYPERVISOR -> {
                switch (call.next()) {
                    case PAUSE_DOMAIN -> {
                        call.pauseDomain(v -> { });
                        paused = true;
                        call.paused();
                        harvestNext = t + jitter(cost.domainPause() * n);
                    }
                    case WALK -> {
                        assert lockHeld : "harvest walk without the shadow lock"; // ASSERT(paging_locked_by_me(d))
                        int frames = call.step();
                        harvestNext = t + jitter(cost.pteRead() + frames * cost.sl1maPerFrame());
                    }
                    case UNPAUSE_DOMAIN -> {
                        call.unpaused();
                        unpause(t);
                        harvestNext = t + jitter(cost.ipi()); // the VCPUs run while the flush's IPIs travel
                    }
                    case RELEASE_LOCK -> {
                        call.unlocked();
                        lockHeld = false; // faults take it while the flush's IPIs travel
                        harvestNext = t + jitter(cost.ipi());
                    }
                    case FLUSH_TLBS -> {
                        call.flushTlbMask(v -> d.vcpus[v].flushTlb(FlushReason.IPI));
                        call.flushed();
                        harvestNext = t + jitter(cost.ipi());
                    }
                    case REPORT -> {
                        redraw = d.dm.redraw(call.report());
                        lockHeld = false;
                        if (paused) unpause(t);
                        phase = Phase.REDRAW;
                        harvestNext = t + 1;
                    }
                    case DONE -> throw new IllegalStateException("reported twice");
                }
            }
            case REDRAW -> {
                if (redraw.step()) {
                    harvestNext = t + jitter(cost.redrawPerPage());
                    return;
                }
                redraw.complete();
                phase = Phase.IDLE;
                if (finalHarvest) {
                    done = true;
                } else if (quiescing) {
                    harvestNext = t; // the final harvest follows the one that was under way
                } else {
                    harvestNext = Math.max(refresh.after(harvestNext), t + 1);
                }
            }
        }
    }

    /** domain_unpause: the VCPUs run again from {@code t}. */
    private void unpause(long t) {
        paused = false;
        for (int v = 0; v < n; v++) vcpuNext[v] = Math.max(vcpuNext[v], t);
    }

    private void eventStep(long t) {
        if (eventsWait()) {
            eventNext = t + jitter(cost.pteRead() * 8);
            return;
        }
        GuestEvent e = events.get(nextEvent++);
        d.guestEvent(e.kind(), e.first(), e.count());
        if (e.kind() == GuestEventKind.LONG_IDLE) {
            for (GuestProgram p : programs) p.idleUntil(t + e.durationNs());
        }
        eventNext = nextEvent < events.size() ? Math.max(t + 1, events.get(nextEvent).atNs()) : Long.MAX_VALUE;
    }

    /** A step's duration: its cost in virtual time, stretched by up to 2x by the scheduler. */
    private long jitter(long cycles) {
        long ns = cost.ns(cycles);
        return ns + sched.nextLong(ns + 1);
    }
}
