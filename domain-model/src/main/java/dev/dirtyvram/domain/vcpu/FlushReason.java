package dev.dirtyvram.domain.vcpu;

/** Why a VCPU's TLB was emptied. */
public enum FlushReason {
    /** An IPI from flushTlbMask. */
    IPI,
    /** A VM exit on an untagged TLB (VMX before VPID). */
    VM_EXIT_UNTAGGED;

    private static final FlushReason[] VALUES = values();

    public static FlushReason of(int ordinal) {
        return VALUES[ordinal];
    }
}
