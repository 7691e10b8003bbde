package dev.dirtyvram.actors.machine;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Who is who in one run. Filled by the guardian after spawning and before any actor is started, so that the
 * shadow-lock owner and the VCPUs, which name each other, can be spawned in any order.
 */
public final class Peers {
    private volatile ActorRef<ShadowLockOwner.Command> shadowLockOwner;
    private volatile List<ActorRef<VcpuActor.Command>> vcpus;
    private volatile ActorRef<DeviceModelActor.Command> deviceModel;

    void wire(ActorRef<ShadowLockOwner.Command> slo, List<ActorRef<VcpuActor.Command>> vcpus,
              ActorRef<DeviceModelActor.Command> dm) {
        this.shadowLockOwner = slo;
        this.vcpus = List.copyOf(vcpus);
        this.deviceModel = dm;
    }

    public ActorRef<ShadowLockOwner.Command> shadowLockOwner() { return shadowLockOwner; }

    public List<ActorRef<VcpuActor.Command>> vcpus() { return vcpus; }

    public ActorRef<DeviceModelActor.Command> deviceModel() { return deviceModel; }
}
