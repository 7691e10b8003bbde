package dev.dirtyvram.domain.event;

/**
 * The kinds of elementary fact. Each is one access to shared memory or one software decision, numbered from the
 * machine-wide linearisation counter. {@code target} and {@code value} mean what the comment on each says.
 */
public enum Op {
    /** Hardware page walk on a TLB miss. target vpn, value the sl1e after A (and D) were set. */
    TLB_FILL,
    /** Write through a TLB entry that cached D=0: D set in the PTE. target vpn, value the sl1e after. */
    DIRTY_BIT_SET,
    /** Guest store after a walk or a D set. target mfn, value the stamp written (= its lseq). */
    GUEST_WRITE,
    /** Guest store through a TLB entry that already cached D=1: no PTE touched. target mfn, value stamp. */
    GUEST_WRITE_CACHED_D,
    /** Guest load (scroll reads the line it copies). target mfn, value content. */
    GUEST_READ,
    /** VM exit into shPageFault. target vpn, value 1 for a write fault on a present entry, 0 not present. */
    PAGE_FAULT,
    /** The fault was the guest's own (its page tables forbid the access): reflected, the store not done. target vpn. */
    GUEST_FAULT,
    /** VM exit for a timer tick. target VCPU index. */
    VM_EXIT,
    /** A VCPU's TLB emptied. target the ordinal of the VCPU's {@code FlushReason} (domain.vcpu). */
    TLB_FLUSHED,
    /** shadowSetL1e stored an sl1e. target vpn, value the new sl1e. */
    SHADOW_L1E_SET,
    /** Harvest read of an sl1e. target vpn, value read. */
    PTE_READ,
    /** Plain store of a non-atomic D clear. target vpn, value stored. */
    PTE_WRITE_BACK,
    /** Atomic test-and-clear of D. target vpn, value the old sl1e (new = old without D). */
    DIRTY_BIT_CLEARED,
    /** trackDirtyVram entered (a hypercall) under the shadow lock. target harvest id. */
    HARVEST_STARTED,
    /**
     * The walk (and its flush) is over and the report goes to the device model. target harvest id, value the frames
     * whose p2m entry and type the walk looked up (sl1ma's per-frame cost).
     */
    HARVEST_REPORTED,
    /** The hypervisor paused a VCPU for the harvest and it acknowledged. target VCPU index. */
    DOMAIN_PAUSED,
    /** flushTlbMask sent an IPI. target VCPU index. */
    IPI_SENT,
    /** Device model compared a page with its copy (and redrew it when different). target page, value content. */
    MEMCMP_READ,
    /** Device model redrew a page reported dirty. target page, value content now displayed. */
    REDRAW_READ,
    /** A scripted guest event took effect. target {@code GuestEventKind} ordinal, value its first page. */
    GUEST_EVENT,
    /** Guests stopped writing; the final harvest (with flush) and redraw follow. */
    QUIESCE,
    /** sl1ma's range stayed clean for the idle drop: write access removed from every frame. */
    WRITE_ACCESS_DROPPED,
    /**
     * kvm-dirty-ring: a VCPU's ring reached its soft limit ({@code KVM_EXIT_DIRTY_RING_FULL}), and user space collected
     * every ring and reset them. target VCPU index, value the entries collected.
     */
    DIRTY_RING_FULL,
    /** A harvest read a 64-page word of KVM's dirty bitmap (GET's swap or copy, CLEAR's clear). target word, value its bits. */
    DIRTY_LOG_READ,
    /** hap with PML: a VCPU's log was full, and it exited before a store that may log (the store is retried). target VCPU index, value the store's virtual page. */
    PML_FULL,
    /** hap: the hypervisor drained a VCPU's PML log, retyping each logged page rw. target VCPU index, value the entries read. */
    PML_DRAINED;

    private static final Op[] VALUES = values();

    public static Op of(int ordinal) {
        return VALUES[ordinal];
    }

    /** The hot-path facts: guest stores. */
    public boolean isGuestWrite() {
        return this == GUEST_WRITE || this == GUEST_WRITE_CACHED_D;
    }
}
