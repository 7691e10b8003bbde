package dev.dirtyvram.domain.memory;

/** x86 level-1 PTE encoding: flags in the low 12 bits, the frame number above them. */
public final class Pte {
    public static final long PRESENT = 0x001;
    public static final long RW = 0x002;
    public static final long ACCESSED = 0x020;
    public static final long DIRTY = 0x040;
    private static final int MFN_SHIFT = 12;

    private Pte() {}

    public static long make(int mfn, long flags) {
        return ((long) mfn << MFN_SHIFT) | flags;
    }

    public static int mfn(long pte) {
        return (int) (pte >>> MFN_SHIFT);
    }

    public static boolean present(long pte) {
        return (pte & PRESENT) != 0;
    }

    public static boolean writable(long pte) {
        return (pte & RW) != 0;
    }

    public static boolean dirty(long pte) {
        return (pte & DIRTY) != 0;
    }

    public static String describe(long pte) {
        if (!present(pte)) {
            return "not-present";
        }
        StringBuilder s = new StringBuilder("mfn=0x").append(Integer.toHexString(mfn(pte))).append(" P");
        if (writable(pte)) s.append(" RW");
        if ((pte & ACCESSED) != 0) s.append(" A");
        if (dirty(pte)) s.append(" D");
        return s.toString();
    }
}
