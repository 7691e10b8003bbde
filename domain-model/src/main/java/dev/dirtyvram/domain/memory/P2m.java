package dev.dirtyvram.domain.memory;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The guest's physical-to-machine map (gfn -> mfn). The LFB is {@code lfbPages} contiguous gfns starting at
 * {@link #LFB_GFN_BASE}; after them come {@link #SPARE_FRAMES} ordinary RAM gfns that a scripted remap can point
 * an LFB virtual page at. Immutable after construction, so every thread may read it.
 */
public final class P2m {
    public static final int LFB_GFN_BASE = 0xf0000;
    public static final int SPARE_FRAMES = 16;
    private static final int FIRST_MFN = 0x1000;

    private final int lfbPages;
    private final int[] mfnOfLfbPage;
    private final int[] spareMfn;
    private final int[] lfbPageOfMfn;

    public P2m(int lfbPages, MfnLayout layout, long seed) {
        this.lfbPages = lfbPages;
        int pool = layout == MfnLayout.SCATTERED ? lfbPages * 4 : lfbPages;
        int[] lfb = new int[lfbPages];
        switch (layout) {
            case CONTIGUOUS -> { for (int i = 0; i < lfbPages; i++) lfb[i] = FIRST_MFN + i; }
            case BACKWARDS -> { for (int i = 0; i < lfbPages; i++) lfb[i] = FIRST_MFN + lfbPages - 1 - i; }
            case SCATTERED -> {
                int[] perm = new int[pool];
                for (int i = 0; i < pool; i++) perm[i] = i;
                SplittableRandom r = new SplittableRandom(seed);
                for (int i = pool - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1);
                    int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
                }
                for (int i = 0; i < lfbPages; i++) lfb[i] = FIRST_MFN + perm[i];
            }
        }
        this.mfnOfLfbPage = lfb;
        this.spareMfn = new int[SPARE_FRAMES];
        int spareBase = FIRST_MFN + pool;
        for (int j = 0; j < SPARE_FRAMES; j++) spareMfn[j] = spareBase + j;
        this.lfbPageOfMfn = new int[spareBase + SPARE_FRAMES];
        Arrays.fill(lfbPageOfMfn, -1);
        for (int i = 0; i < lfbPages; i++) lfbPageOfMfn[lfb[i]] = i;
    }

    public int lfbPages() { return lfbPages; }

    /** One past the highest mfn in use: the size of machine memory. */
    public int maxMfn() { return lfbPageOfMfn.length; }

    public static int lfbGfn(int page) { return LFB_GFN_BASE + page; }

    public int spareGfn(int j) { return LFB_GFN_BASE + lfbPages + j; }

    public int mfnOfLfbPage(int page) { return mfnOfLfbPage[page]; }

    public int gfnToMfn(int gfn) {
        int i = gfn - LFB_GFN_BASE;
        if (i >= 0 && i < lfbPages) return mfnOfLfbPage[i];
        int j = i - lfbPages;
        if (j >= 0 && j < SPARE_FRAMES) return spareMfn[j];
        throw new IllegalArgumentException("gfn 0x" + Integer.toHexString(gfn) + " is not mapped");
    }

    /** The LFB page a machine frame holds, or -1 when it is not an LFB frame. */
    public int lfbPageOfMfn(int mfn) {
        return mfn >= 0 && mfn < lfbPageOfMfn.length ? lfbPageOfMfn[mfn] : -1;
    }
}
