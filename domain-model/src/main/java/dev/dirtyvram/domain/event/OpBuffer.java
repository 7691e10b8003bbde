package dev.dirtyvram.domain.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A sink that collects one actor's facts into growing primitive arrays, drained as compact {@link Fact}s. */
public final class OpBuffer implements FactSink {
    private long[] lseq = new long[64];
    private long[] time = new long[64];
    private byte[] kind = new byte[64];
    private int[] target = new int[64];
    private long[] value = new long[64];
    private int size;
    private int actor = -1;
    private final List<Fact> pending = new ArrayList<>();

    @Override
    public void op(int actor, Op k, int t, long v, long l, long tm) {
        if (size == lseq.length) {
            int cap = size * 2;
            lseq = Arrays.copyOf(lseq, cap);
            time = Arrays.copyOf(time, cap);
            kind = Arrays.copyOf(kind, cap);
            target = Arrays.copyOf(target, cap);
            value = Arrays.copyOf(value, cap);
        }
        this.actor = actor;
        lseq[size] = l;
        time[size] = tm;
        kind[size] = (byte) k.ordinal();
        target[size] = t;
        value[size] = v;
        size++;
    }

    @Override
    public void harvest(HarvestCompleted h) {
        cut();
        pending.add(h);
    }

    public boolean isEmpty() {
        return size == 0 && pending.isEmpty();
    }

    /** Everything recorded since the last drain, in recording (= lseq) order. */
    public List<Fact> drain() {
        cut();
        List<Fact> out = new ArrayList<>(pending);
        pending.clear();
        return out;
    }

    private void cut() {
        if (size == 0) return;
        pending.add(new OpBatch(actor, Arrays.copyOf(lseq, size), Arrays.copyOf(time, size),
                Arrays.copyOf(kind, size), Arrays.copyOf(target, size), Arrays.copyOf(value, size)));
        size = 0;
    }
}
