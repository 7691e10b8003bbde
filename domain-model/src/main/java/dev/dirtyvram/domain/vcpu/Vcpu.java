package dev.dirtyvram.domain.vcpu;

import dev.dirtyvram.domain.config.TlbMode;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.OpLog;
import dev.dirtyvram.domain.memory.MachineMemory;
import dev.dirtyvram.domain.memory.PmlLogs;
import dev.dirtyvram.domain.memory.Pte;

/**
 * One guest VCPU's hardware: its TLB and the memory operations a load or store performs. Software (faults) is
 * the hypervisor's: a store that faults returns {@link Access#FAULT} after the VM exit, and the caller asks the
 * shadow-lock owner to handle it, then retries.
 */
public final class Vcpu {
    public enum Access { DONE, FAULT }

    private final int index;
    private final MachineMemory mem;
    private final Tlb tlb;
    private final TlbMode tlbMode;
    private final OpLog log;

    public Vcpu(int index, MachineMemory mem, int tlbCapacity, TlbMode tlbMode, OpLog log) {
        this.index = index;
        this.mem = mem;
        this.tlb = new Tlb(tlbCapacity);
        this.tlbMode = tlbMode;
        this.log = log;
    }

    public int index() { return index; }


    public OpLog log() { return log; }

    /**
     * One guest store to {@code vpn}. Through an entry that cached D=1 it touches no PTE (the lost-update hazard);
     * through an entry with D=0 it sets D atomically first; on a miss the walk sets A and D.
     */
    public Access store(int vpn) {
        int e = tlb.lookup(vpn);
        PmlLogs pml = mem.pml();
        if (pml != null && pml.full(index) && (e < 0 || (tlb.rw(e) && !tlb.dirty(e)))) return pmlFull(vpn);
        if (e < 0) {
            long w = mem.walk(vpn, true, log);
            if (w < 0) return fault(vpn, w);
            if (pml != null) logged(pml, w);
            e = tlb.fill(vpn, Pte.mfn(w), true, true);
            mem.writeFrame(tlb.mfn(e), false, log);
        } else if (!tlb.rw(e)) {
            return fault(vpn, Pte.PRESENT);
        } else if (!tlb.dirty(e)) {
            long w = mem.setDirty(vpn, log);
            if (w < 0) {
                tlb.invlpg(vpn);
                return fault(vpn, w);
            }
            if (pml != null) logged(pml, w);
            tlb.setDirty(e);
            mem.writeFrame(tlb.mfn(e), false, log);
        } else {
            mem.writeFrame(tlb.mfn(e), true, log);
        }
        return Access.DONE;
    }

    /** One guest load from {@code vpn}; a miss fills an entry with D as the PTE has it. */
    public Access load(int vpn) {
        int e = tlb.lookup(vpn);
        if (e < 0) {
            long w = mem.walk(vpn, false, log);
            if (w < 0) return fault(vpn, w);
            e = tlb.fill(vpn, Pte.mfn(w), Pte.writable(w), Pte.dirty(w));
        }
        int m = tlb.mfn(e);
        mem.readFrame(m, Op.GUEST_READ, m, log);
        return Access.DONE;
    }

    /** PML: the processor logs the frame whose D bit this access set. */
    private void logged(PmlLogs pml, long w) {
        if ((w & MachineMemory.DIRTIED) != 0) pml.log(index, Pte.mfn(w));
    }

    /**
     * The PML log is full and this store may set a D bit: the VCPU exits before the access (a simplification: the
     * processor exits only once the access would set one). The hypervisor drains the log; the store is retried.
     */
    private Access pmlFull(int vpn) {
        log.record(Op.PML_FULL, index, vpn, mem.tick());
        afterVmExit();
        return Access.FAULT;
    }

    private Access fault(int vpn, long pte) {
        log.record(Op.PAGE_FAULT, vpn, Pte.present(pte) ? 1 : 0, mem.tick());
        afterVmExit();
        return Access.FAULT;
    }

    /** A timer tick's VM exit. */
    public void timerVmExit() {
        log.record(Op.VM_EXIT, index, 0, mem.tick());
        afterVmExit();
    }

    /** An untagged TLB does not survive the world switch. */
    private void afterVmExit() {
        if (tlbMode == TlbMode.UNTAGGED) flushTlb(FlushReason.VM_EXIT_UNTAGGED);
    }

    /** The IPI handler's flush (the IPI is itself a VM exit). */
    public void flushTlb(FlushReason reason) {
        tlb.flush();
        log.record(Op.TLB_FLUSHED, reason.ordinal(), 0, mem.tick());
    }

    public void invlpg(int vpn) {
        tlb.invlpg(vpn);
    }
}
