package dev.dirtyvram.actors.machine;

import dev.dirtyvram.actors.delivery.Interconnect;
import dev.dirtyvram.actors.tap.FactTap;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.ActorIds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
/**
 * Spawns one run's actors, lets them run for the configured duration, then runs the quiesce protocol: every VCPU
 * stops (and says so), the timeline is marked, the device model does its final harvest with flush and redraw, and
 * every actor journals what it still holds back. Completes {@code done} when that is over.
 */
public final class RunGuardian {

    public sealed interface Command {}

    public enum End implements Command { INSTANCE }

    public enum Progress implements Command { INSTANCE }

    public record VcpuStopped(int vcpu) implements Command {}

    public enum Quiesced implements Command { INSTANCE }

    public enum FinalDone implements Command { INSTANCE }

    public enum JournalFlushed implements Command { INSTANCE }

    private static final long PROGRESS_EVERY_NS = 250_000_000L;

    private RunGuardian() {}

    /** {@code net} is made from the system once it exists; {@code progress} may be null. */
    public static Behavior<Command> create(Machine m, Function<ActorSystem<?>, Interconnect> netFactory,
                                           FactTap tap, DoubleConsumer progress, CompletableFuture<Void> done) {
        return Behaviors.setup(ctx -> {
            Interconnect net = netFactory.apply(ctx.getSystem());
            Peers peers = new Peers();
            ActorRef<ShadowLockOwner.Command> slo = ctx.spawn(ShadowLockOwner.create(m, peers, net, tap), "xen");
            List<ActorRef<VcpuActor.Command>> vcpus = new ArrayList<>();
            for (int v = 0; v < m.cfg().vcpus(); v++) {
                vcpus.add(ctx.spawn(VcpuActor.create(v, m, peers, net, tap), m.ids().name(v)));
            }
            ActorRef<DeviceModelActor.Command> dm = ctx.spawn(DeviceModelActor.create(m, peers, net, tap), "qemu-dm");
            peers.wire(slo, vcpus, dm);
            ActorRef<GuestOsActor.Command> os = ctx.spawn(GuestOsActor.create(m, peers, net), ActorIds.GUEST_OS);
            net.send(os, GuestOsActor.Start.INSTANCE);
            for (var v : vcpus) net.send(v, VcpuActor.RunBurst.INSTANCE);
            net.sendAfter(dm, DeviceModelActor.HarvestTick.INSTANCE, m.cfg().harvestIntervalNs());
            net.sendAfter(ctx.getSelf(), End.INSTANCE, m.cfg().durationNs());
            if (progress != null) net.sendAfter(ctx.getSelf(), Progress.INSTANCE, PROGRESS_EVERY_NS);
            ctx.getLog().info("run started: {} VCPUs, strategy {}, {} ns of guest time", vcpus.size(), m.cfg().strategy().id, m.cfg().durationNs());
            int[] stopped = {0};
            int[] flushed = {0};
            boolean[] ending = {false};
            net.handled(); // setting up was the run's first step
            return Counted.by(net, Command.class, Behaviors.receive(Command.class)
                    .onMessage(Progress.class, p -> {
                        if (!ending[0]) {
                            progress.accept(Math.min(1.0, (double) net.now() / m.cfg().durationNs()));
                            net.sendAfter(ctx.getSelf(), Progress.INSTANCE, PROGRESS_EVERY_NS);
                        }
                        return Behaviors.same();
                    })
                    .onMessage(End.class, e -> {
                        ending[0] = true;
                        ctx.getLog().info("guest time is up at {} ns: stopping the VCPUs (quiesce protocol)", net.now());
                        net.send(os, GuestOsActor.Stop.INSTANCE);
                        for (var v : vcpus) net.send(v, new VcpuActor.Stop(ctx.getSelf()));
                        return Behaviors.same();
                    })
                    .onMessage(VcpuStopped.class, s -> {
                        if (++stopped[0] == vcpus.size()) net.send(slo, new ShadowLockOwner.Quiesce(ctx.getSelf()));
                        return Behaviors.same();
                    })
                    .onMessage(Quiesced.class, q -> {
                        ctx.getLog().info("guests stopped; final harvest with flush");
                        net.send(dm, new DeviceModelActor.FinalHarvest(ctx.getSelf()));
                        return Behaviors.same();
                    })
                    .onMessage(FinalDone.class, f -> {
                        ctx.getLog().info("quiesce protocol done at {} ns; flushing the journal", net.now());
                        for (var v : vcpus) net.send(v, new VcpuActor.FlushJournal(ctx.getSelf()));
                        net.send(slo, new ShadowLockOwner.FlushJournal(ctx.getSelf()));
                        net.send(dm, new DeviceModelActor.FlushJournal(ctx.getSelf()));
                        return Behaviors.same();
                    })
                    .onMessage(JournalFlushed.class, f -> {
                        if (++flushed[0] == vcpus.size() + 2) {
                            if (progress != null) progress.accept(1.0);
                            done.complete(null);
                        }
                        return Behaviors.same();
                    })
                    .build());
        });
    }
}
