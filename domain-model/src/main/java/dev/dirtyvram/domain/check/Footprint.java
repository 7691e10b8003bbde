package dev.dirtyvram.domain.check;

import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.memory.P2m;
import java.util.Arrays;

/**
 * What one step touched, from the facts it made: an sl1e (by vpn), a frame (by mfn), a VCPU's TLB, the shadow lock,
 * or the whole machine. Two steps of different actors conflict when they touched the same object, or when either is
 * global (a pause, which stops VCPUs; a guest event; the quiesce). Every fact of a VCPU touches its TLB, which a flush
 * (and the IPI that asks for it) touches from outside; every fact of the hypervisor, which works under the shadow
 * lock (a harvest, a fault's handling), touches the lock (KVM's lock-free fault too: more orders explored than it
 * needs, none missed). A finished harvest touches nothing more: what the device
 * model redraws (the frames) and what the walk read (the sl1es) were touched by their own steps.
 */
final class Footprint implements FactSink {
    private static final long SL1E = 1L << 32;
    private static final long FRAME = 2L << 32;
    private static final long TLB = 3L << 32;
    private static final long LOCK = 4L << 32;

    private final P2m p2m;
    private final int hypervisor;
    private long[] objects = new long[8];
    private int size;
    private boolean global;

    /** @param vcpus the run's VCPUs (actor ids below it); the hypervisor is the next id */
    Footprint(P2m p2m, int vcpus) {
        this.p2m = p2m;
        this.hypervisor = vcpus;
    }

    @Override
    public void op(int actor, Op kind, int target, long value, long lseq, long time) {
        if (actor < hypervisor) add(TLB | actor);
        else if (actor == hypervisor) add(LOCK);
        switch (kind) {
            case TLB_FILL, DIRTY_BIT_SET, SHADOW_L1E_SET, PTE_READ, PTE_WRITE_BACK, DIRTY_BIT_CLEARED -> add(SL1E | target);
            case GUEST_WRITE, GUEST_WRITE_CACHED_D, GUEST_READ -> add(FRAME | target);
            case MEMCMP_READ, REDRAW_READ -> add(FRAME | p2m.mfnOfLfbPage(target));
            case IPI_SENT, PML_DRAINED -> add(TLB | target); // a drain reads the VCPU's log, which its stores write
            case VM_EXIT, GUEST_FAULT, PAGE_FAULT, TLB_FLUSHED, PML_FULL -> { } // the VCPU's own (its TLB), or the lock's (the hypervisor's)
            case HARVEST_STARTED, HARVEST_REPORTED -> add(LOCK);
            case DOMAIN_PAUSED, GUEST_EVENT, QUIESCE, WRITE_ACCESS_DROPPED -> global = true;
        }
    }

    @Override
    public void harvest(HarvestCompleted h) {
        // the redraw's frames and the walk's sl1es were touched by their own steps
    }

    private void add(long o) {
        for (int i = 0; i < size; i++) if (objects[i] == o) return;
        if (size == objects.length) objects = Arrays.copyOf(objects, size * 2);
        objects[size++] = o;
    }

    /** What the step since the last take touched; empty again after. */
    Touched take() {
        Touched t = new Touched(global, Arrays.copyOf(objects, size));
        size = 0;
        global = false;
        return t;
    }

    /** One step's footprint. */
    record Touched(boolean global, long[] objects) {
        boolean conflicts(Touched o) {
            if (global || o.global) return true;
            for (long a : objects) for (long b : o.objects) if (a == b) return true;
            return false;
        }
    }
}
