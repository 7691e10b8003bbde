package dev.dirtyvram.actors.machine;

import dev.dirtyvram.actors.delivery.Interconnect;
import dev.dirtyvram.actors.tap.FactTap;
import dev.dirtyvram.domain.display.DeviceModel;
import dev.dirtyvram.domain.display.RefreshTimer;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.ActorState;
import dev.dirtyvram.domain.event.Journaled;
import dev.dirtyvram.domain.strategy.HarvestReport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
/**
 * qemu-dm: every harvest interval asks the hypervisor what changed, then redraws (or, for memcmp and after a
 * back-off, compares) page by page in chunks, and records the harvest as the oracle sees it. A tick that finds the
 * previous harvest still running makes the next refresh start as soon as that one is done (a late timer, as qemu's
 * single-threaded refresh has it; missed ticks coalesce into one).
 */
public final class DeviceModelActor extends FactActor<DeviceModelActor.Command> {
    public sealed interface Command {}

    public enum HarvestTick implements Command { INSTANCE }

    public record Report(HarvestReport report) implements Command {}

    public enum RedrawChunk implements Command { INSTANCE }

    /** The quiesce protocol's final harvest (with flush) and redraw; the guardian hears when it is over. */
    public record FinalHarvest(ActorRef<RunGuardian.Command> replyTo) implements Command {}

    /** The run is over: journal every fact still held back, then say so. */
    public record FlushJournal(ActorRef<RunGuardian.Command> replyTo) implements Command {}

    private final ActorContext<Command> ctx;
    private final Machine m;
    private final Peers peers;
    private final DeviceModel dm;
    private DeviceModel.Redraw redraw;
    private boolean busy;
    private boolean finalRunning;
    /** When the next refresh is due: ticks keep to multiples of the interval, however late one is handled. */
    private long nextTick;
    /** The refresh grid, the reference driver's too. */
    private final RefreshTimer refresh;
    /** A tick came while a harvest was running: the next harvest starts when that one is done. */
    private boolean tickLate;
    private ActorRef<RunGuardian.Command> finalFor;

    private DeviceModelActor(ActorContext<Command> ctx, Machine m, Peers peers, Interconnect net, FactTap tap) {
        super(ctx, m.ids().deviceModel(), m.ids().name(m.ids().deviceModel()), net, tap, m.cfg().cost());
        this.ctx = ctx;
        this.m = m;
        this.peers = peers;
        this.dm = new DeviceModel(m.mem(), m.p2m(), log);
        this.refresh = new RefreshTimer(m.cfg().harvestIntervalNs());
        this.nextTick = refresh.first(); // the guardian sends the first tick for then
    }

    public static Behavior<Command> create(Machine m, Peers peers, Interconnect net, FactTap tap) {
        return Behaviors.setup(ctx -> new DeviceModelActor(ctx, m, peers, net, tap));
    }

    @Override
    protected CommandHandler<Command, Journaled, ActorState> handlers() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(HarvestTick.class, c -> onTick())
                .onCommand(Report.class, c -> {
                    redraw = dm.redraw(c.report());
                    net.send(ctx.getSelf(), RedrawChunk.INSTANCE);
                    return done();
                })
                .onCommand(RedrawChunk.class, c -> redrawChunk())
                .onCommand(FinalHarvest.class, this::onFinal)
                .onCommand(FlushJournal.class, c -> flushJournal(() -> net.send(c.replyTo(), RunGuardian.JournalFlushed.INSTANCE)))
                .build();
    }

    private Effect<Journaled, ActorState> onTick() {
        if (finalFor != null) return done();
        long now = net.now();
        nextTick = refresh.next(nextTick, now); // more than an interval late: skip ahead
        net.sendAfter(ctx.getSelf(), HarvestTick.INSTANCE, nextTick - now);
        if (!busy) {
            startHarvest(false);
        } else {
            tickLate = true;
            ctx.getLog().debug("refresh at {} ns late: the previous harvest is still running", now);
        }
        return done();
    }

    private void startHarvest(boolean forceFlush) {
        busy = true;
        // Still running three quarters of an interval before the next tick, the harvest is late: that tick would wait.
        if (!forceFlush) net.lateAfter(m.ids().deviceModel(), nextTick - m.cfg().harvestIntervalNs() * 3 / 4);
        net.send(peers.shadowLockOwner(), new ShadowLockOwner.HvmopTrackDirtyVram(forceFlush, ctx.getSelf()));
    }

    private Effect<Journaled, ActorState> redrawChunk() {
        boolean more = true;
        for (int i = 0, chunk = m.cfg().schedule().walkChunk(); i < chunk && more; i++) more = redraw.step();
        if (more) return persistFacts(() -> net.send(ctx.getSelf(), RedrawChunk.INSTANCE));
        redraw.complete();
        redraw = null;
        busy = false;
        net.lateAfter(m.ids().deviceModel(), Long.MAX_VALUE); // idle: never late
        if (finalRunning) {
            ActorRef<RunGuardian.Command> to = finalFor;
            return persistFacts(() -> net.send(to, RunGuardian.FinalDone.INSTANCE));
        }
        if (finalFor != null) {
            startFinal();
        } else if (tickLate) {
            tickLate = false;
            startHarvest(false);
        }
        return done();
    }

    private Effect<Journaled, ActorState> onFinal(FinalHarvest c) {
        finalFor = c.replyTo();
        net.lateAfter(m.ids().deviceModel(), Long.MAX_VALUE); // no refreshes are due any more
        if (!busy) startFinal(); // else it follows the harvest under way
        return done();
    }

    private void startFinal() {
        finalRunning = true;
        startHarvest(true);
    }
}
