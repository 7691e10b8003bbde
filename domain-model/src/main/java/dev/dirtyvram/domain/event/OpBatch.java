package dev.dirtyvram.domain.event;

/**
 * A burst of one actor's elementary facts in primitive arrays (a VCPU's burst of writes, a harvest chunk): the
 * compact event the hot path persists instead of one journal entry per write. Ordered by lseq.
 */
public record OpBatch(int actor, long[] lseq, long[] time, byte[] kind, int[] target, long[] value) implements Fact {
    /**
     * The value of a frame read decoded from a journal of format 2, which leaves it out: it is the frame's content at
     * that point of the timeline, which the merged timeline restores ({@code FrameContents}). Never a live value.
     */
    public static final long FROM_MEMORY = Long.MIN_VALUE;

    public int size() {
        return lseq.length;
    }

    @Override
    public int ops() {
        return size();
    }

    public Op kind(int i) {
        return Op.of(kind[i]);
    }

    @Override
    public long firstLseq() {
        return lseq.length == 0 ? Long.MAX_VALUE : lseq[0];
    }
}
