package dev.dirtyvram.domain.memory;

import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.OpLog;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory shared by hardware (VCPUs) and software (the hypervisor), as on a real machine: the shadow level-1 PTE
 * words (indexed by guest virtual page number) and the content of every machine frame (one stamp per page: the
 * linearisation number of the write that put it there).
 *
 * <p>Every access takes a number from one machine-wide counter inside the same atomic step as the access (the
 * word's stripe lock), so for each word the order of numbers is the order in which things happened to it. Each
 * access records itself in the caller's {@link OpLog}. A machine that one thread at a time steps (the reference
 * driver, deterministic mode) is not {@link #shared}: the same accesses, in the same order, without the locks and
 * the atomic counter, which cost more than the rest of a store.
 */
public final class MachineMemory {
    private static final int STRIPES = 256;
    /** Set in what {@link #walk} and {@link #setDirty} return when the access is not permitted (the caller faults). */
    public static final long DENIED = 1L << 63;
    /** Set in what {@link #walk} and {@link #setDirty} return when the access set D (it was clear): what PML logs. */
    public static final long DIRTIED = 1L << 62;

    private final long[] sl1e;
    private final long[] frames;
    private final Object[] pteLocks = new Object[STRIPES];
    private final Object[] frameLocks = new Object[STRIPES];
    private final AtomicLong lseq = new AtomicLong();
    /** The counter of a machine not shared between threads. */
    private long plainLseq;
    private final boolean shared;
    /** Each VCPU's PML log (hap with PML), or null. */
    private PmlLogs pml;
    /** The shadow L2 entry above the LFB kernel range: read-only when the guest made it so. */
    private volatile boolean lfbRangeReadOnly;

    /** @param shared whether threads access it at once (concurrent mode): then every access locks its word */
    public MachineMemory(int virtualPages, int machineFrames, boolean shared) {
        this.sl1e = new long[virtualPages];
        this.frames = new long[machineFrames];
        this.shared = shared;
        for (int i = 0; i < STRIPES; i++) {
            pteLocks[i] = new Object();
            frameLocks[i] = new Object();
        }
    }

    public boolean shared() { return shared; }

    /** Page-Modification Logging on, for {@code vcpus} VCPUs (before any of them runs). */
    public void enablePml(int vcpus) {
        pml = new PmlLogs(vcpus);
    }

    /** The VCPUs' PML logs, or null when PML is off. */
    public PmlLogs pml() { return pml; }

    private long next() {
        return shared ? lseq.incrementAndGet() : ++plainLseq;
    }

    public int virtualPages() { return sl1e.length; }

    /** A linearisation number for a software decision that touches no word (a harvest start, a fault). */
    public long tick() {
        return next();
    }

    public long lastLseq() {
        return shared ? lseq.get() : plainLseq;
    }

    /**
     * The hardware page walk for a TLB miss: reads the sl1e and, when it permits the access, sets ACCESSED (and
     * DIRTY for a write) in the same locked step, as the page walker does. Returns the word as it is afterwards,
     * with {@link #DENIED} set when the access is not permitted (not present, read-only, or the range read-only at
     * a higher level): the caller faults.
     */
    public long walk(int vpn, boolean write, OpLog log) {
        long n;
        long w;
        if (shared) {
            synchronized (pteLocks[vpn & (STRIPES - 1)]) {
                n = lseq.incrementAndGet();
                w = walked(vpn, write);
            }
        } else {
            n = ++plainLseq;
            w = walked(vpn, write);
        }
        log.record(Op.TLB_FILL, vpn, w & ~(DENIED | DIRTIED), n);
        return w;
    }

    private long walked(int vpn, boolean write) {
        long w = sl1e[vpn];
        if (!permits(w, write, vpn)) return w | DENIED;
        long before = w;
        w |= Pte.ACCESSED | (write ? Pte.DIRTY : 0);
        sl1e[vpn] = w;
        return write && !Pte.dirty(before) ? w | DIRTIED : w;
    }

    /**
     * A write through a TLB entry that cached D=0: the processor re-checks the PTE and sets D atomically. Returns
     * the word afterwards, with {@link #DENIED} set when it no longer permits the store (nothing set; the caller
     * faults).
     */
    public long setDirty(int vpn, OpLog log) {
        long n;
        long w;
        if (shared) {
            synchronized (pteLocks[vpn & (STRIPES - 1)]) {
                n = lseq.incrementAndGet();
                w = dirtied(vpn);
            }
        } else {
            n = ++plainLseq;
            w = dirtied(vpn);
        }
        log.record(Op.DIRTY_BIT_SET, vpn, w & ~(DENIED | DIRTIED), n);
        return w;
    }

    private long dirtied(int vpn) {
        long w = sl1e[vpn];
        if (!permits(w, true, vpn)) return w | DENIED;
        if (Pte.dirty(w)) return w;
        w |= Pte.DIRTY;
        sl1e[vpn] = w;
        return w | DIRTIED;
    }

    /** A software read of an sl1e (a harvest walking the shadow linear page table). */
    public long readSl1e(int vpn, OpLog log) {
        long n;
        long w;
        if (shared) {
            synchronized (pteLocks[vpn & (STRIPES - 1)]) {
                n = lseq.incrementAndGet();
                w = sl1e[vpn];
            }
        } else {
            n = ++plainLseq;
            w = sl1e[vpn];
        }
        log.record(Op.PTE_READ, vpn, w, n);
        return w;
    }

    /** shadowSetL1e's store when it is one atomic exchange: replaces the word, returns the old one. */
    public long exchangeSl1e(int vpn, long value, OpLog log) {
        long n;
        long old;
        if (shared) {
            synchronized (pteLocks[vpn & (STRIPES - 1)]) {
                n = lseq.incrementAndGet();
                old = sl1e[vpn];
                sl1e[vpn] = value;
            }
        } else {
            n = ++plainLseq;
            old = sl1e[vpn];
            sl1e[vpn] = value;
        }
        log.record(Op.SHADOW_L1E_SET, vpn, value, n);
        return old;
    }

    /** shadowSetL1e's store as Xen writes it ({@code shadow_write_entries}): a plain store after an earlier read. */
    public void storeSl1e(int vpn, long value, OpLog log) {
        plainStore(vpn, value, Op.SHADOW_L1E_SET, log);
    }

    /** The plain store of a read-modify-write done as two accesses (the non-atomic D clear's write-back). */
    public void writeBackSl1e(int vpn, long value, OpLog log) {
        plainStore(vpn, value, Op.PTE_WRITE_BACK, log);
    }

    private void plainStore(int vpn, long value, Op kind, OpLog log) {
        long n;
        if (shared) {
            synchronized (pteLocks[vpn & (STRIPES - 1)]) {
                n = lseq.incrementAndGet();
                sl1e[vpn] = value;
            }
        } else {
            n = ++plainLseq;
            sl1e[vpn] = value;
        }
        log.record(kind, vpn, value, n);
    }

    /** Atomic test-and-clear of DIRTY ({@code lock btr}). Returns the old word. */
    public long testAndClearDirty(int vpn, OpLog log) {
        long n;
        long old;
        if (shared) {
            synchronized (pteLocks[vpn & (STRIPES - 1)]) {
                n = lseq.incrementAndGet();
                old = sl1e[vpn];
                sl1e[vpn] = old & ~Pte.DIRTY;
            }
        } else {
            n = ++plainLseq;
            old = sl1e[vpn];
            sl1e[vpn] = old & ~Pte.DIRTY;
        }
        log.record(Op.DIRTY_BIT_CLEARED, vpn, old, n);
        return old;
    }

    /** A guest's store to a machine frame: the frame's content becomes this access's own number. */
    public long writeFrame(int mfn, boolean throughCachedDirty, OpLog log) {
        long n;
        if (shared) {
            synchronized (frameLocks[mfn & (STRIPES - 1)]) {
                n = lseq.incrementAndGet();
                frames[mfn] = n;
            }
        } else {
            n = ++plainLseq;
            frames[mfn] = n;
        }
        log.record(throughCachedDirty ? Op.GUEST_WRITE_CACHED_D : Op.GUEST_WRITE, mfn, n, n);
        return n;
    }

    /** A read of a frame's content, recorded under the kind the reader gives (guest read, redraw, memcmp). */
    public long readFrame(int mfn, Op kind, int target, OpLog log) {
        long n;
        long v;
        if (shared) {
            synchronized (frameLocks[mfn & (STRIPES - 1)]) {
                n = lseq.incrementAndGet();
                v = frames[mfn];
            }
        } else {
            n = ++plainLseq;
            v = frames[mfn];
        }
        log.record(kind, target, v, n);
        return v;
    }

    public void setLfbRangeReadOnly(boolean ro) {
        lfbRangeReadOnly = ro;
    }

    public boolean lfbRangeReadOnly() {
        return lfbRangeReadOnly;
    }

    private boolean permits(long w, boolean write, int vpn) {
        if (!Pte.present(w)) return false;
        if (!write) return true;
        // The kernel mapping is the lower half of the virtual pages (see VirtualLayout).
        return Pte.writable(w) && !(lfbRangeReadOnly && vpn < sl1e.length / 2);
    }

    /**
     * Unlocked peeks: tests compare the machine with what its timeline rebuilds, and the teardown skips empty slots
     * (hardware never changes whether an entry is present).
     */
    public long peekSl1e(int vpn) {
        return sl1e[vpn];
    }

    public long peekFrame(int mfn) {
        return frames[mfn];
    }
}
