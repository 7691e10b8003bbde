package dev.dirtyvram.domain.paging;

/**
 * The guest's virtual pages that matter here: the LFB's single writable kernel mapping at vpn [0, n), and the
 * X server's alias mapping of the same frames at vpn [n, 2n). sl1es are indexed by vpn.
 */
public record VirtualLayout(int lfbPages) {

    public int virtualPages() { return 2 * lfbPages; }

    public int kernelVpn(int page) { return page; }

    public int aliasVpn(int page) { return lfbPages + page; }

    /** shPageFault's one comparison that spots the LFB's virtual range (unsigned, so below-base wraps high). */
    public boolean inLfbRange(int vpn) {
        return Integer.compareUnsigned(vpn, lfbPages) < 0;
    }

    /** The LFB page a vpn of either mapping is meant to reach. */
    public int pageOfVpn(int vpn) {
        return vpn < lfbPages ? vpn : vpn - lfbPages;
    }
}
