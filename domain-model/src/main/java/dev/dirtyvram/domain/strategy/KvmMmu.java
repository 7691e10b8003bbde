package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.memory.Pte;

/** What KVM's dirty logging asks of its MMU, shared by the bitmap and the ring. */
final class KvmMmu {
    private KvmMmu() {}

    /** Mappings an LFB page may have: the kernel's and an alias (KVM's rmap of the page). */
    static final int MAPPINGS = 2;

    /**
     * Write-protect one mapping of an LFB page ({@code which}: 0 the kernel's, 1 an alias), as
     * {@code kvm_arch_mmu_enable_log_dirty_pt_masked} does: read the entry; if it maps the page's frame writable, clear
     * RW in one atomic update ({@code mmu_spte_update}). True when it did (a flush must follow).
     */
    static boolean writeProtect(HarvestContext ctx, int page, int which) {
        int vpn = which == 0 ? ctx.vl().kernelVpn(page) : ctx.vl().aliasVpn(page);
        long read = ctx.mem().readSl1e(vpn, ctx.log());
        if (!Pte.present(read) || !Pte.writable(read) || Pte.mfn(read) != ctx.p2m().mfnOfLfbPage(page)) return false;
        ctx.shadow().exchangeL1e(vpn, read & ~Pte.RW, ctx.log());
        return true;
    }
}
