package dev.dirtyvram.actors.machine;

import dev.dirtyvram.actors.delivery.Interconnect;
import dev.dirtyvram.domain.config.GuestEvent;
import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.driver.Machine;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
/**
 * The guest kernel's scripted events, each at its time. It has no facts of its own: page-table changes are
 * emulated (and recorded) by the shadow-lock owner, and a long idle is the VCPUs' to keep.
 */
public final class GuestOsActor {
    public sealed interface Command {}

    /** From the guardian: schedule the script (at start-up, not in setup, so a deterministic run sees it in order). */
    public enum Start implements Command { INSTANCE }

    public record Fire(GuestEvent event) implements Command {}

    public enum Stop implements Command { INSTANCE }

    private GuestOsActor() {}

    public static Behavior<Command> create(Machine m, Peers peers, Interconnect net) {
        return Behaviors.setup(ctx -> Counted.by(net, Command.class, Behaviors.receive(Command.class)
                .onMessage(Start.class, s -> {
                    for (GuestEvent e : m.cfg().events()) {
                        net.sendAfter(ctx.getSelf(), new Fire(e), Math.max(0, e.atNs() - net.now()));
                    }
                    return Behaviors.same();
                })
                .onMessage(Fire.class, f -> {
                    GuestEvent e = f.event();
                    net.send(peers.shadowLockOwner(), new ShadowLockOwner.ApplyGuestEvent(e.kind(), e.first(), e.count()));
                    if (e.kind() == GuestEventKind.LONG_IDLE) {
                        long until = net.now() + e.durationNs();
                        for (var v : peers.vcpus()) net.send(v, new VcpuActor.Idle(until));
                    }
                    return Behaviors.same();
                })
                .onMessage(Stop.class, s -> {
                    return Behaviors.stopped();
                })
                .build()));
    }
}
