package dev.dirtyvram.domain.event;

/**
 * The dirty bitmap of the tracked LFB range, a bit a page, as trackDirtyVram hands it to the device model (Xen's
 * {@code dirty_bitmap} of {@code struct sh_dirty_vram}): what a harvest builds and a completed harvest carries.
 */
public final class DirtyVram {
    private DirtyVram() {}

    /** An empty bitmap for {@code pages} pages. */
    public static long[] bitmap(int pages) {
        return new long[(pages + 63) >>> 6];
    }

    public static void set(long[] bitmap, int page) {
        bitmap[page >>> 6] |= 1L << page;
    }

    public static void clear(long[] bitmap, int page) {
        bitmap[page >>> 6] &= ~(1L << page);
    }

    /** Every one of {@code pages} bits: "no data", redraw all. */
    public static void setAll(long[] bitmap, int pages) {
        for (int p = 0; p < pages; p++) set(bitmap, p);
    }

    public static boolean isSet(long[] bitmap, int page) {
        return (bitmap[page >>> 6] & (1L << page)) != 0;
    }

    public static int count(long[] bitmap) {
        int c = 0;
        for (long w : bitmap) c += Long.bitCount(w);
        return c;
    }
}
