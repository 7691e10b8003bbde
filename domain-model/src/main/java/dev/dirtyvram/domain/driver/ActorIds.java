package dev.dirtyvram.domain.driver;

import dev.dirtyvram.domain.vcpu.Vcpu;

/** Actor numbering in facts: VCPUs 0..n-1, then the shadow-lock owner (Xen), then the device model. */
public record ActorIds(int vcpus) {
    public int hypervisor() { return vcpus; }

    public int deviceModel() { return vcpus + 1; }

    public int count() { return vcpus + 2; }

    public String name(int actor) {
        if (actor < vcpus) return Vcpu.id(actor);
        if (actor == vcpus) return "xen";
        if (actor == vcpus + 1) return "qemu-dm";
        return "actor" + actor;
    }
}
