package dev.dirtyvram.domain.event;



import java.util.ArrayList;
import java.util.List;
/** Actor numbering in facts: VCPUs 0..n-1, then the shadow-lock owner (Xen), then the device model. */
public record ActorIds(int vcpus) {
    /** The guest OS's scripted events come from an actor of this name, which records no facts of its own. */
    public static final String GUEST_OS = "d1-os";

    /** d1v0-style id: domain 1, this VCPU. */
    public static String vcpu(int index) { return "d1v" + index; }

    public int hypervisor() { return vcpus; }

    public int deviceModel() { return vcpus + 1; }

    public int count() { return vcpus + 2; }

    public String name(int actor) {
        if (actor < vcpus) return vcpu(actor);
        if (actor == vcpus) return "xen";
        if (actor == vcpus + 1) return "qemu-dm";
        return "actor" + actor;
    }

    /** Every actor's name, in actor order: the journal's persistence ids (scoped by the run in a shared journal). */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (int a = 0; a < count(); a++) names.add(name(a));
        return names;
    }
}
