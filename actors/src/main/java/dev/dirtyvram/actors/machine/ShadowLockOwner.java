package dev.dirtyvram.actors.machine;

import dev.dirtyvram.actors.delivery.Interconnect;
import dev.dirtyvram.actors.tap.FactTap;
import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.ActorState;
import dev.dirtyvram.domain.event.DirtyVram;
import dev.dirtyvram.domain.event.Journaled;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.hypervisor.Hypervisor;
import dev.dirtyvram.domain.hypervisor.TrackDirtyVram;
import java.util.function.IntConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
/**
 * The hypervisor software ("xen"): the only place where page faults, emulated guest PTE writes, trackDirtyVram and
 * flushTlbMask run. Holding the shadow lock is being busy: while a walk or a flush is under way, faults, guest
 * events and further harvests are stashed (faults not during a harvest's flush after it released the lock,
 * kvm.unlock-before-flush). A walk runs in chunks of {@code schedule.walk-chunk} accesses (one message each) so
 * that the VCPUs' stores race with it; flushTlbMask returns only after every VCPU acknowledged its IPI.
 */
public final class ShadowLockOwner extends FactActor<ShadowLockOwner.Command> {
    public sealed interface Command {}

    public record PageFault(int vcpu, int vpn, boolean isWrite, ActorRef<VcpuActor.Command> replyTo) implements Command {}

    public record ApplyGuestEvent(GuestEventKind kind, int first, int count) implements Command {}

    /** The device model's HVMOP_track_dirty_vram hypercall: one harvest, its report to {@code replyTo}. */
    public record HvmopTrackDirtyVram(boolean forceFlush, ActorRef<DeviceModelActor.Command> replyTo) implements Command {}

    public enum WalkChunk implements Command { INSTANCE }

    public record IpiAck(int vcpu) implements Command {}

    public record PauseAck(int vcpu) implements Command {}

    /** Guests have stopped: mark the timeline before the final harvest. */
    public record Quiesce(ActorRef<RunGuardian.Command> replyTo) implements Command {}

    /** The run is over: journal every fact still held back, then say so. */
    public record FlushJournal(ActorRef<RunGuardian.Command> replyTo) implements Command {}

    /** FLUSHING_UNLOCKED: a harvest's flush after it released the lock (kvm.unlock-before-flush): faults run meanwhile. */
    private enum Busy { NO, PAUSING, WALKING, FLUSHING_HARVEST, FLUSHING_UNLOCKED, FLUSHING_EVENT, FLUSHING_FAULT }

    private final ActorContext<Command> ctx;
    private final Machine m;
    private final Peers peers;
    private final Hypervisor hv;
    private Busy busy = Busy.NO;
    private int acksPending;
    /** The harvest under way (the domain's protocol, which this actor runs by messages). */
    private TrackDirtyVram call;
    private ActorRef<DeviceModelActor.Command> harvestFor;
    /** The answer to a fault whose handling removed write access: sent once every VCPU has flushed. */
    private Runnable answerAfterFlush;

    private ShadowLockOwner(ActorContext<Command> ctx, Machine m, Peers peers, Interconnect net, FactTap tap) {
        super(ctx, m.ids().hypervisor(), m.ids().name(m.ids().hypervisor()), net, tap, m.cfg().cost());
        this.ctx = ctx;
        this.m = m;
        this.peers = peers;
        this.hv = new Hypervisor(m.cfg(), m.mem(), m.p2m(), m.gpt(), log);
    }

    public static Behavior<Command> create(Machine m, Peers peers, Interconnect net, FactTap tap) {
        return Behaviors.setup(ctx -> new ShadowLockOwner(ctx, m, peers, net, tap));
    }

    @Override
    protected CommandHandler<Command, Journaled, ActorState> handlers() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(PageFault.class, this::onPageFault)
                .onCommand(ApplyGuestEvent.class, this::onGuestEvent)
                .onCommand(HvmopTrackDirtyVram.class, this::onTrackDirtyVram)
                .onCommand(WalkChunk.class, c -> walkChunk())
                .onCommand(PauseAck.class, c -> onPauseAck())
                .onCommand(IpiAck.class, c -> onIpiAck())
                .onCommand(Quiesce.class, this::onQuiesce)
                .onCommand(FlushJournal.class, c -> flushJournal(() -> net.send(c.replyTo(), RunGuardian.JournalFlushed.INSTANCE)))
                .build();
    }

    /** Handle the fault and answer it (its facts go to the journal with the next batch), after the flush it may owe. */
    private Effect<Journaled, ActorState> onPageFault(PageFault c) {
        if (hv.fastPageFault(c.vcpu(), c.vpn(), c.isWrite())) { // fast_page_fault takes no lock: it runs even amid a harvest
            return persistFacts(() -> net.send(c.replyTo(), new VcpuActor.FaultHandled(true)));
        }
        if (busy != Busy.NO && busy != Busy.FLUSHING_UNLOCKED) return stashCommand();
        boolean fixed = hv.shPageFault(c.vcpu(), c.vpn(), c.isWrite());
        Runnable answer = () -> net.send(c.replyTo(), new VcpuActor.FaultHandled(fixed));
        if (!hv.flushOwed()) return persistFacts(answer);
        if (busy != Busy.NO) throw new IllegalStateException("a fault owes a flush while a harvest's flush is under way");
        answerAfterFlush = answer;
        flushTlbMask(Busy.FLUSHING_FAULT);
        return done();
    }

    private Effect<Journaled, ActorState> onGuestEvent(ApplyGuestEvent c) {
        if (busy != Busy.NO) return stashCommand();
        if (hv.applyGuestEvent(c.kind(), c.first(), c.count())) flushTlbMask(Busy.FLUSHING_EVENT);
        return done();
    }

    private Effect<Journaled, ActorState> onTrackDirtyVram(HvmopTrackDirtyVram c) {
        if (busy != Busy.NO) return stashCommand();
        harvestFor = c.replyTo();
        call = hv.trackDirtyVram(c.forceFlush());
        return proceed();
    }

    /** The harvest protocol's next step: pause and flush wait for acknowledgements, the walk runs in chunks. */
    private Effect<Journaled, ActorState> proceed() {
        switch (call.next()) {
            case PAUSE_DOMAIN -> {
                busy = Busy.PAUSING;
                acksPending = m.cfg().vcpus();
                call.pauseDomain(v -> net.send(peers.vcpus().get(v), new VcpuActor.Pause(ctx.getSelf())));
                return done();
            }
            case WALK -> {
                busy = Busy.WALKING;
                return persistFacts(this::nextChunk);
            }
            case UNPAUSE_DOMAIN -> {
                unpauseDomain();
                call.unpaused();
                return proceed();
            }
            case RELEASE_LOCK -> {
                call.unlocked();
                flushTlbMask(Busy.FLUSHING_UNLOCKED);
                return thenUnstashAll(this::done); // the faults that waited for the lock run while the IPIs travel
            }
            case FLUSH_TLBS -> {
                flushTlbMask(Busy.FLUSHING_HARVEST);
                return done();
            }
            case REPORT -> {
                return finishHarvest();
            }
            default -> throw new IllegalStateException("harvest already reported");
        }
    }

    private Effect<Journaled, ActorState> onPauseAck() {
        if (--acksPending > 0) return done();
        call.paused();
        return proceed();
    }

    private void nextChunk() {
        net.send(ctx.getSelf(), WalkChunk.INSTANCE);
    }

    private Effect<Journaled, ActorState> walkChunk() {
        assert busy == Busy.WALKING : "harvest walk without the shadow lock"; // ASSERT(paging_locked_by_me(d))
        for (int i = 0, chunk = m.cfg().schedule().walkChunk(); i < chunk && call.next() == TrackDirtyVram.Next.WALK; i++) call.step();
        return proceed();
    }

    private void flushTlbMask(Busy why) {
        busy = why;
        acksPending = m.cfg().vcpus();
        IntConsumer ipi = v -> net.send(peers.vcpus().get(v), new VcpuActor.Ipi(ctx.getSelf()));
        if (harvestFlushing()) call.flushTlbMask(ipi);
        else hv.flushTlbMask(ipi);
    }

    /** The flush under way is the harvest's (under the lock, or after it released it). */
    private boolean harvestFlushing() {
        return busy == Busy.FLUSHING_HARVEST || busy == Busy.FLUSHING_UNLOCKED;
    }

    private Effect<Journaled, ActorState> onIpiAck() {
        if (--acksPending > 0) return done();
        if (harvestFlushing()) {
            call.flushed();
            return proceed();
        }
        busy = Busy.NO;
        Runnable answer = answerAfterFlush;
        answerAfterFlush = null;
        return thenUnstashAll(() -> answer == null ? done() : persistFacts(answer));
    }

    /** Release the lock, let the domain run again, and give the device model its report. */
    private Effect<Journaled, ActorState> finishHarvest() {
        var report = call.report();
        if (ctx.getLog().isDebugEnabled()) {
            int pages = DirtyVram.count(report.reported());
            ctx.getLog().debug("harvest {}: {}, {} pages reported, flushed {}, paused {}", report.harvestId(),
                    report.outcome(), pages, report.flushed(), report.paused());
        }
        if (call.pausedDomain()) unpauseDomain();
        call = null;
        busy = Busy.NO;
        ActorRef<DeviceModelActor.Command> dm = harvestFor;
        return thenUnstashAll(() -> persistFacts(() -> net.send(dm, new DeviceModelActor.Report(report))));
    }

    private void unpauseDomain() {
        for (var v : peers.vcpus()) net.send(v, VcpuActor.Unpause.INSTANCE);
    }

    private Effect<Journaled, ActorState> onQuiesce(Quiesce c) {
        log.record(Op.QUIESCE, 0, 0, m.mem().tick());
        return persistFacts(() -> net.send(c.replyTo(), RunGuardian.Quiesced.INSTANCE));
    }
}
