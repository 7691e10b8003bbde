package dev.dirtyvram.actors.machine;

import dev.dirtyvram.actors.delivery.Interconnect;
import dev.dirtyvram.actors.tap.FactTap;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.ActorState;
import dev.dirtyvram.domain.event.Journaled;
import dev.dirtyvram.domain.vcpu.FlushReason;
import dev.dirtyvram.domain.vcpu.Vcpu;
import dev.dirtyvram.domain.workload.GuestProgram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
/**
 * One guest VCPU (d1v0, d1v1, ...). Runs its {@link GuestProgram} in bursts (every step due by the run clock),
 * performing the hardware's memory operations (walks, D-bit sets, pixel stores) directly on machine memory. A fault sends the access to the shadow-lock owner
 * and blocks the VCPU until the answer; flush IPIs and pause requests are still taken meanwhile (the spinning
 * hypervisor path has interrupts on), and only between two accesses, as an instruction boundary.
 */
public final class VcpuActor extends FactActor<VcpuActor.Command> {
    public sealed interface Command {}

    /** Self-sent: run the next burst of guest accesses. */
    public enum RunBurst implements Command { INSTANCE }

    public record FaultHandled(boolean fixed) implements Command {}

    public record Ipi(ActorRef<ShadowLockOwner.Command> replyTo) implements Command {}

    public record Pause(ActorRef<ShadowLockOwner.Command> replyTo) implements Command {}

    public enum Unpause implements Command { INSTANCE }

    /** LONG_IDLE: no guest accesses until then (run clock). */
    public record Idle(long untilNs) implements Command {}

    public record Stop(ActorRef<RunGuardian.Command> replyTo) implements Command {}

    /** The run is over: journal every fact still held back, then say so. */
    public record FlushJournal(ActorRef<RunGuardian.Command> replyTo) implements Command {}

    /** The shortest wait between two bursts: with nothing due, a VCPU sleeps at least this long (run clock). */
    static final long BURST_QUANTUM_NS = 1_000_000L;

    private final ActorContext<Command> ctx;
    private final Peers peers;
    private final Vcpu vcpu;
    private final GuestProgram program;
    /** Most accesses in one burst (schedule.burst): bounds how long an IPI waits, and where others may interleave. */
    private final int burst;
    private boolean waitingFault;
    private boolean paused;
    private boolean stopped;
    private boolean burstScheduled;

    private VcpuActor(ActorContext<Command> ctx, int index, Machine m, Peers peers, Interconnect net, FactTap tap) {
        super(ctx, index, m.ids().name(index), net, tap, m.cfg().cost());
        this.ctx = ctx;
        this.peers = peers;
        this.vcpu = new Vcpu(index, m.mem(), m.cfg().tlbCapacity(), m.cfg().tlbMode(), log);
        this.program = new GuestProgram(m.cfg(), m.seeds(), index, vcpu, m.vl(), m.gpt(), m.cfg().cost().ns(m.cfg().cost().tlbHit()));
        this.burst = m.cfg().schedule().burst();
    }

    public static Behavior<Command> create(int index, Machine m, Peers peers, Interconnect net, FactTap tap) {
        return Behaviors.setup(ctx -> new VcpuActor(ctx, index, m, peers, net, tap));
    }

    @Override
    protected CommandHandler<Command, Journaled, ActorState> handlers() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(RunBurst.class, c -> burst())
                .onCommand(FaultHandled.class, this::onFaultHandled)
                .onCommand(Ipi.class, this::onIpi)
                .onCommand(Pause.class, this::onPause)
                .onCommand(Unpause.class, c -> {
                    paused = false;
                    return persistFacts(this::scheduleBurst);
                })
                .onCommand(Idle.class, c -> {
                    program.idleUntil(c.untilNs());
                    return done();
                })
                .onCommand(Stop.class, this::onStop)
                .onCommand(FlushJournal.class, c -> flushJournal(() -> net.send(c.replyTo(), RunGuardian.JournalFlushed.INSTANCE)))
                .build();
    }

    /** Every step of the guest program that is due by now, up to {@code schedule.burst}, or until one faults. */
    private Effect<Journaled, ActorState> burst() {
        burstScheduled = false;
        if (stopped || paused || waitingFault) return done();
        long now = net.now();
        for (int i = 0; i < burst && program.nextAt() <= now; i++) {
            if (program.step(now) == GuestProgram.Step.FAULT) {
                waitingFault = true;
                net.send(peers.shadowLockOwner(), new ShadowLockOwner.PageFault(vcpu.index(), program.pendingVpn(),
                        program.pendingIsWrite(), ctx.getSelf()));
                break;
            }
        }
        if (waitingFault) reportRunBy(Math.min(now, program.scheduledAt()));
        return persistFacts(this::scheduleBurst);
    }

    /** The next burst: at once when steps are still due, else when the next one is (one quantum at least). */
    private void scheduleBurst() {
        if (stopped || paused || waitingFault || burstScheduled) return;
        burstScheduled = true;
        long now = net.now();
        long wait = program.nextAt() - now;
        if (wait <= 0) {
            net.send(ctx.getSelf(), RunBurst.INSTANCE);
            reportRunBy(now + wait); // behind its schedule: it should have run then
        } else {
            wait = Math.max(BURST_QUANTUM_NS, wait);
            net.sendAfter(ctx.getSelf(), RunBurst.INSTANCE, wait);
            reportRunBy(now + wait);
        }
    }

    /** This VCPU should run by {@code t}; it still catches up in full for half its program's catch-up window. */
    private void reportRunBy(long t) {
        net.lateAfter(vcpu.index(), t + GuestProgram.MAX_LAG_NS / 2);
    }

    private Effect<Journaled, ActorState> onFaultHandled(FaultHandled c) {
        waitingFault = false;
        program.faultHandled(c.fixed(), net.now());
        return persistFacts(this::scheduleBurst);
    }

    private Effect<Journaled, ActorState> onIpi(Ipi c) {
        vcpu.flushTlb(FlushReason.IPI);
        return persistFacts(() -> net.send(c.replyTo(), new ShadowLockOwner.IpiAck(vcpu.index())));
    }

    private Effect<Journaled, ActorState> onPause(Pause c) {
        paused = true;
        net.lateAfter(vcpu.index(), Long.MAX_VALUE); // paused by the hypervisor, not late
        return persistFacts(() -> net.send(c.replyTo(), new ShadowLockOwner.PauseAck(vcpu.index())));
    }

    private Effect<Journaled, ActorState> onStop(Stop c) {
        stopped = true;
        net.lateAfter(vcpu.index(), Long.MAX_VALUE);
        return persistFacts(() -> net.send(c.replyTo(), new RunGuardian.VcpuStopped(vcpu.index())));
    }
}
