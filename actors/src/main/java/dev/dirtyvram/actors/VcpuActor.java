package dev.dirtyvram.actors;

import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.ActorState;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.FlushReason;
import dev.dirtyvram.domain.vcpu.Vcpu;
import dev.dirtyvram.domain.workload.Workload;
import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;

/**
 * One guest VCPU (d1v0, d1v1, ...). Runs its workload in bursts, performing the hardware's memory operations
 * (walks, D-bit sets, pixel stores) directly on machine memory. A fault sends the access to the shadow-lock owner
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

    /** Most accesses in one burst (one journal event): bounds how long an IPI waits for the instruction boundary. */
    static final int MAX_BURST = 2048;

    private final ActorContext<Command> ctx;
    private final Machine m;
    private final Peers peers;
    private final Vcpu vcpu;
    private final Workload workload;
    private final long timerPeriodNs;
    private long timerNext;
    private long done;
    private long idleUntil;
    private int retryVpn = -1;
    private boolean retryIsWrite;
    private boolean waitingFault;
    private boolean paused;
    private boolean stopped;
    private boolean burstScheduled;

    private VcpuActor(ActorContext<Command> ctx, int index, Machine m, Peers peers, Interconnect net, FactTap tap) {
        super(index, m.ids().name(index), net, tap, m.cfg().cost());
        this.ctx = ctx;
        this.m = m;
        this.peers = peers;
        this.vcpu = new Vcpu(index, m.mem(), m.cfg().tlbCapacity(), m.cfg().tlbMode(), log);
        SplittableRandom seeds = new SplittableRandom(m.cfg().seed() * 31 + index);
        this.workload = new Workload(m.cfg().workloadOf(index), m.cfg().lfbPages(), m.cfg().writeRate(), seeds.nextLong());
        this.timerPeriodNs = m.cfg().vmExitRate() == 0 ? Long.MAX_VALUE : 1_000_000_000L / m.cfg().vmExitRate();
        this.timerNext = timerPeriodNs == Long.MAX_VALUE ? Long.MAX_VALUE : seeds.nextLong(timerPeriodNs);
    }

    public static Behavior<Command> create(int index, Machine m, Peers peers, Interconnect net, FactTap tap) {
        return Behaviors.setup(ctx -> new VcpuActor(ctx, index, m, peers, net, tap));
    }

    @Override
    public CommandHandler<Command, Fact, ActorState> commandHandler() {
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
                    idleUntil = c.untilNs();
                    return done();
                })
                .onCommand(Stop.class, this::onStop)
                .build();
    }

    private Effect<Fact, ActorState> burst() {
        burstScheduled = false;
        if (stopped || paused || waitingFault) return done();
        long start = net.now();
        long due = (long) ((double) start * m.cfg().writeRate() / 1e9) - done;
        if (start < idleUntil || due <= 0) {
            long wait = Math.max(1_000_000L, start < idleUntil ? idleUntil - start : 1_000_000_000L / m.cfg().writeRate());
            burstScheduled = true;
            net.sendAfter(ctx.getSelf(), RunBurst.INSTANCE, wait);
            return done();
        }
        int budget = (int) Math.min(MAX_BURST, due);
        for (int i = 0; i < budget && !waitingFault; i++) access();
        return persistFacts(this::scheduleBurst);
    }

    /** One guest access: a pending retry first, else the workload's next; a timer VM exit when one is due. */
    private void access() {
        long now = net.now();
        if (now >= timerNext) {
            vcpu.timerVmExit();
            timerNext += timerPeriodNs;
        }
        int vpn;
        boolean write;
        if (retryVpn >= 0) {
            vpn = retryVpn;
            write = retryIsWrite;
        } else {
            int page = workload.nextPage(now);
            if (page < 0) {
                done++; // an idle slot of the workload counts against the rate like a store
                return;
            }
            write = !workload.lastWasRead();
            if (write) done++; // guest.write-rate counts stores
            vpn = m.gpt().aliasPresent(page) && workload.pickAlias() ? m.vl().aliasVpn(page) : m.vl().kernelVpn(page);
        }
        Vcpu.Access r = write ? vcpu.store(vpn) : vcpu.load(vpn);
        if (r == Vcpu.Access.FAULT) {
            retryVpn = vpn;
            retryIsWrite = write;
            waitingFault = true;
            net.send(peers.shadowLockOwner(), new ShadowLockOwner.PageFault(vcpu.index(), vpn, write, ctx.getSelf()));
        } else {
            retryVpn = -1;
        }
    }

    private void scheduleBurst() {
        if (stopped || paused || waitingFault || burstScheduled) return;
        burstScheduled = true;
        net.send(ctx.getSelf(), RunBurst.INSTANCE);
    }

    private Effect<Fact, ActorState> onFaultHandled(FaultHandled c) {
        waitingFault = false;
        if (c.fixed()) vcpu.invlpg(retryVpn);
        else retryVpn = -1;
        return persistFacts(this::scheduleBurst);
    }

    private Effect<Fact, ActorState> onIpi(Ipi c) {
        vcpu.flushTlb(FlushReason.IPI);
        return persistFacts(() -> net.send(c.replyTo(), new ShadowLockOwner.IpiAck(vcpu.index())));
    }

    private Effect<Fact, ActorState> onPause(Pause c) {
        paused = true;
        return persistFacts(() -> net.send(c.replyTo(), new ShadowLockOwner.PauseAck(vcpu.index())));
    }

    private Effect<Fact, ActorState> onStop(Stop c) {
        stopped = true;
        return persistFacts(() -> net.send(c.replyTo(), new RunGuardian.VcpuStopped(vcpu.index())));
    }
}
