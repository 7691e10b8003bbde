package dev.dirtyvram.domain.config;

import dev.dirtyvram.domain.KnobValue;

public enum TlbMode implements KnobValue {
    /** Entries survive VM exits (VPID on VMX, ASID on SVM). */
    TAGGED("tagged"),
    /** Every VM exit empties the TLB (VMX before VPID). */
    UNTAGGED("untagged");

    public final String id;

    TlbMode(String id) {
        this.id = id;
    }

    @Override
    public String id() { return id; }

    public static TlbMode parse(String s) {
        return KnobValue.parse(TlbMode.class, "tlb mode", s);
    }
}
