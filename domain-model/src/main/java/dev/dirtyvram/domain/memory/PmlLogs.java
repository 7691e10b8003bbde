package dev.dirtyvram.domain.memory;

/**
 * Page-Modification Logging (Intel SDM Vol. 3C, 28.2.5): each VCPU's log of 512 entries, where the processor writes
 * the frame of every EPT entry whose D bit it sets (0 to 1), counting its index down. A log already full makes the
 * VCPU exit before the next access that would log. The VCPU writes its own log while it runs; the hypervisor drains
 * it while the VCPU waits in an exit or is paused, so no two threads touch one log at once.
 * <p>
 * Simplified: the log holds the machine frame the entry maps, where the processor writes the guest-physical address
 * (the hypervisor turns it back into a page); Xen's drain order (from the index up) is kept as first logged, first read.
 */
public final class PmlLogs {
    /** NR_PML_ENTRIES. */
    public static final int ENTRIES = 512;

    private final int[][] logged;
    private final int[] count;

    public PmlLogs(int vcpus) {
        this.logged = new int[vcpus][ENTRIES];
        this.count = new int[vcpus];
    }

    /** Whether VCPU {@code vcpu}'s log is full (its index out of 0..511): its next logging access exits first. */
    public boolean full(int vcpu) {
        return count[vcpu] == ENTRIES;
    }

    /** The processor logs {@code mfn}: its D bit was just set by VCPU {@code vcpu}. */
    public void log(int vcpu, int mfn) {
        assert count[vcpu] < ENTRIES : "PML log written while full"; // the full exit comes first
        logged[vcpu][count[vcpu]++] = mfn;
    }

    /** Entries waiting in VCPU {@code vcpu}'s log. */
    public int size(int vcpu) {
        return count[vcpu];
    }

    /** The {@code i}-th frame logged since the last drain. */
    public int entry(int vcpu, int i) {
        return logged[vcpu][i];
    }

    /** The hypervisor read every entry: the index back at 511. */
    public void reset(int vcpu) {
        count[vcpu] = 0;
    }
}
