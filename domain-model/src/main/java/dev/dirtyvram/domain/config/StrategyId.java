package dev.dirtyvram.domain.config;

import dev.dirtyvram.domain.KnobValue;

/** The harvest strategies of DESIGN section 1, of today's Xen (HAP) and of today's KVM, by their command-line ids. */
public enum StrategyId implements KnobValue {
    MEMCMP("memcmp"),
    LOGDIRTY_WP("logdirty-wp"),
    DBIT_PAUSED("dbit-paused"),
    LINEAR_WALK("linear-walk"),
    SL1MA("sl1ma"),
    HAP("hap"),
    KVM_DIRTY_LOG("kvm-dirty-log"),
    KVM_CLEAR_LOG("kvm-clear-log"),
    KVM_DIRTY_RING("kvm-dirty-ring");

    public final String id;

    StrategyId(String id) {
        this.id = id;
    }

    @Override
    public String id() { return id; }

    /** Dirty logging by write protection: a store through a stale writable TLB entry is neither faulted nor logged. */
    public boolean writeProtects() {
        return this == LOGDIRTY_WP || this == KVM_DIRTY_LOG || this == KVM_CLEAR_LOG || this == KVM_DIRTY_RING;
    }

    public static StrategyId parse(String s) {
        return KnobValue.parse(StrategyId.class, "strategy", s);
    }
}
