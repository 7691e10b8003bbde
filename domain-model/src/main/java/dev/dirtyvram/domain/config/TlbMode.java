package dev.dirtyvram.domain.config;

public enum TlbMode {
    /** Entries survive VM exits (VPID on VMX, ASID on SVM). */
    TAGGED("tagged"),
    /** Every VM exit empties the TLB (VMX before VPID). */
    UNTAGGED("untagged");

    public final String id;

    TlbMode(String id) {
        this.id = id;
    }

    public static TlbMode parse(String s) {
        for (TlbMode v : values()) if (v.id.equals(s)) return v;
        throw new IllegalArgumentException("unknown tlb mode '" + s + "' (tagged, untagged)");
    }
}
