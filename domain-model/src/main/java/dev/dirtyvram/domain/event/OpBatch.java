package dev.dirtyvram.domain.event;

/**
 * A burst of one actor's elementary facts in primitive arrays (a VCPU's burst of writes, a harvest chunk): the
 * compact event the hot path persists instead of one journal entry per write. Ordered by lseq.
 */
public record OpBatch(int actor, long[] lseq, long[] time, byte[] kind, int[] target, long[] value) implements Fact {

    public int size() {
        return lseq.length;
    }

    public Op kind(int i) {
        return Op.of(kind[i]);
    }

    @Override
    public long firstLseq() {
        return lseq.length == 0 ? Long.MAX_VALUE : lseq[0];
    }
}
