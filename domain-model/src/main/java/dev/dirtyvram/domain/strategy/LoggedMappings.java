package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.memory.Pte;

/**
 * What dirty logging by the second-level tables (KVM's SPTEs, Xen's EPT under HAP) does to an LFB page's entries,
 * shared by KVM's strategies and HAP's. The model has one level of entries, one per mapping of the page.
 */
final class LoggedMappings {
    private LoggedMappings() {}

    /** Mappings an LFB page may have: the kernel's and an alias (KVM's rmap of the page). */
    static final int MAPPINGS = 2;

    /**
     * Write-protect one mapping of an LFB page ({@code which}: 0 the kernel's, 1 an alias), as
     * {@code kvm_arch_mmu_enable_log_dirty_pt_masked} (and HAP's retype to logdirty without PML) does: read the entry;
     * if it maps the page's frame writable, clear RW in one atomic update ({@code mmu_spte_update}). True when it did
     * (a flush must follow).
     */
    static boolean writeProtect(HarvestContext ctx, int page, int which) {
        return retype(ctx, page, which, Pte.RW);
    }

    /**
     * Clear D in one mapping of an LFB page, as HAP's retype to logdirty with PML does ({@code ept_p2m_type_to_flags}:
     * writable, D clear, so that the next write logs). True when it did (a flush must follow).
     */
    static boolean clean(HarvestContext ctx, int page, int which) {
        return retype(ctx, page, which, Pte.DIRTY);
    }

    private static boolean retype(HarvestContext ctx, int page, int which, long bit) {
        int vpn = which == 0 ? ctx.vl().kernelVpn(page) : ctx.vl().aliasVpn(page);
        long read = ctx.mem().readSl1e(vpn, ctx.log());
        if (!Pte.present(read) || (read & bit) == 0 || Pte.mfn(read) != ctx.p2m().mfnOfLfbPage(page)) return false;
        ctx.shadow().exchangeL1e(vpn, read & ~bit, ctx.log());
        return true;
    }
}
