package dev.dirtyvram.domain.event;

/**
 * One harvest and the redraw that followed, as the device model saw it. {@code reported} is a bitmap (one bit per
 * LFB page) of the pages the harvest said changed; {@code examinedLseq[p]} is the number of the access at which
 * the harvest looked at page p, which the oracle's late-report rule needs.
 */
public record HarvestCompleted(int actor, long lseq, long time, int harvestId, HarvestOutcome outcome,
                               long[] reported, long[] examinedLseq, boolean flushed, boolean paused)
        implements Fact {

    public boolean reported(int page) {
        return (reported[page >>> 6] & (1L << page)) != 0;
    }

    public static long[] bitmap(int pages) {
        return new long[(pages + 63) >>> 6];
    }

    /** Every one of {@code pages} bits: "no data", redraw all. */
    public static void setAll(long[] bitmap, int pages) {
        for (int p = 0; p < pages; p++) set(bitmap, p);
    }

    public static void set(long[] bitmap, int page) {
        bitmap[page >>> 6] |= 1L << page;
    }

    public int reportedCount() {
        int c = 0;
        for (long w : reported) c += Long.bitCount(w);
        return c;
    }

    @Override
    public long firstLseq() {
        return lseq;
    }
}
