package dev.dirtyvram.domain.driver;

import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.display.DeviceModel;
import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.OpLog;
import dev.dirtyvram.domain.hypervisor.Hypervisor;
import dev.dirtyvram.domain.hypervisor.TrackDirtyVram;
import dev.dirtyvram.domain.memory.MachineMemory;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.oracle.FoldPipeline;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.domain.paging.GuestPageTables;
import dev.dirtyvram.domain.paging.VirtualLayout;
import dev.dirtyvram.domain.vcpu.FlushReason;
import dev.dirtyvram.domain.vcpu.Vcpu;
import java.util.function.LongSupplier;
/**
 * One guest domain and its hypervisor and device model, wired for a single thread: the reference driver's
 * machine, and the hand-made race scenarios of the tests. Facts go, in linearisation order, to a {@link RunFold}
 * and to an optional extra sink.
 */
public final class Domain {
    public final SimConfig cfg;
    public final Machine machine;
    public final ActorIds ids;
    public final P2m p2m;
    public final VirtualLayout vl;
    public final MachineMemory mem;
    public final GuestPageTables gpt;
    public final Hypervisor hv;
    public final DeviceModel dm;
    public final Vcpu[] vcpus;
    public final RunFold fold;
    /** The fold's own thread when the machine hands its facts over (null: the machine's thread folds them). */
    private final FoldPipeline pipeline;
    private long now;

    public Domain(SimConfig cfg, FactSink extra) {
        this(cfg, extra, true);
    }

    /** @param measured whether the fold hashes the timeline and keeps the display latencies */
    public Domain(SimConfig cfg, FactSink extra, boolean measured) {
        this(cfg, extra, measured, false);
    }

    /**
     * @param pipelined whether the fold (and {@code extra}) hear the facts on a thread of their own: read them only after
     *                  {@link #finishFold}
     */
    public Domain(SimConfig cfg, FactSink extra, boolean measured, boolean pipelined) {
        Machine m = Machine.of(cfg.validate(), false); // one thread steps it
        this.cfg = cfg;
        this.machine = m;
        this.ids = m.ids();
        this.p2m = m.p2m();
        this.vl = m.vl();
        this.mem = m.mem();
        this.gpt = m.gpt();
        this.fold = new RunFold(cfg, p2m, measured);
        FactSink folds = FactSink.tee(fold, extra);
        this.pipeline = pipelined ? new FoldPipeline(folds) : null;
        FactSink sink = pipelined ? pipeline : folds;
        LongSupplier clock = () -> now;
        this.hv = new Hypervisor(cfg, mem, p2m, gpt, new OpLog(ids.hypervisor(), clock, sink));
        this.dm = new DeviceModel(mem, p2m, new OpLog(ids.deviceModel(), clock, sink));
        this.vcpus = new Vcpu[cfg.vcpus()];
        for (int v = 0; v < vcpus.length; v++) {
            vcpus[v] = new Vcpu(v, mem, cfg.tlbCapacity(), cfg.tlbMode(), new OpLog(v, clock, sink));
        }
    }

    public long now() { return now; }

    /** Waits until the fold has heard every fact so far (at once when the machine's thread folds them). */
    public void finishFold() {
        if (pipeline != null) pipeline.finish();
    }

    public void advanceTo(long t) { now = Math.max(now, t); }

    /** The hypervisor's answer to a VCPU's fault: true when the access should be retried. */
    public boolean handleFault(int v, int vpn, boolean isWrite) {
        boolean fixed = hv.fastPageFault(v, vpn, isWrite) || slowFault(v, vpn, isWrite);
        if (fixed) vcpus[v].invlpg(vpn);
        return fixed;
    }

    /**
     * shPageFault (under the shadow lock), then the flush it may owe, made at once ({@link Hypervisor#flushOwed} still
     * says whether it was): true when the access should be retried.
     */
    public boolean slowFault(int v, int vpn, boolean isWrite) {
        boolean fixed = hv.shPageFault(v, vpn, isWrite);
        if (hv.flushOwed()) flushAll();
        return fixed;
    }

    /** A whole guest store, faults handled and retried; false when the guest's own tables refused it. */
    public boolean store(int v, int vpn) {
        while (vcpus[v].store(vpn) == Vcpu.Access.FAULT) {
            if (!handleFault(v, vpn, true)) return false;
        }
        return true;
    }

    public boolean load(int v, int vpn) {
        while (vcpus[v].load(vpn) == Vcpu.Access.FAULT) {
            if (!handleFault(v, vpn, false)) return false;
        }
        return true;
    }

    /** flushTlbMask with every IPI delivered and acknowledged at once. */
    public void flushAll() {
        hv.flushTlbMask(v -> vcpus[v].flushTlb(FlushReason.IPI));
    }

    /** A whole harvest and redraw with nothing interleaved. */
    public HarvestCompleted harvestNow(boolean forceFlush) {
        return finish(hv.trackDirtyVram(forceFlush));
    }

    /** The rest of a harvest (a test may have stepped its walk by hand), each protocol step done at once; the redraw. */
    public HarvestCompleted finish(TrackDirtyVram call) {
        DeviceModel.Redraw redraw = null;
        while (redraw == null) {
            switch (call.next()) {
                case PAUSE_DOMAIN -> {
                    call.pauseDomain(v -> { });
                    call.paused();
                }
                case WALK -> call.step();
                case UNPAUSE_DOMAIN -> call.unpaused();
                case RELEASE_LOCK -> call.unlocked();
                case FLUSH_TLBS -> {
                    call.flushTlbMask(v -> vcpus[v].flushTlb(FlushReason.IPI));
                    call.flushed();
                }
                case REPORT -> redraw = dm.redraw(call.report());
                case DONE -> throw new IllegalStateException("reported twice");
            }
        }
        while (redraw.step()) {
            // one page per step
        }
        return redraw.complete();
    }

    public void guestEvent(GuestEventKind kind, int first, int count) {
        if (hv.applyGuestEvent(kind, first, count)) flushAll();
    }

    /** The quiesce protocol: guests have stopped; final harvest with flush; redraw. */
    public void quiesce() {
        markQuiesce();
        harvestNow(true);
    }

    public void markQuiesce() {
        hv.log().record(Op.QUIESCE, 0, 0, mem.tick());
    }
}
