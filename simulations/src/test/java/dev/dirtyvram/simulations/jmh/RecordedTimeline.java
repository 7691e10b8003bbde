package dev.dirtyvram.simulations.jmh;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.SimConfigReader;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleConsumer;
/** A reference run's timeline (the default scenario) in primitive arrays, its first facts, to feed a fold again and again. */
final class RecordedTimeline implements FactSink {
    final SimConfig cfg;
    int n;
    long stores;
    int[] actor = new int[1 << 16];
    Op[] kind = new Op[1 << 16];
    int[] target = new int[1 << 16];
    long[] value = new long[1 << 16];
    long[] lseq = new long[1 << 16];
    long[] time = new long[1 << 16];
    /** Harvests, and the op index each comes before. */
    final List<HarvestCompleted> harvests = new ArrayList<>();
    final List<Integer> harvestAt = new ArrayList<>();

    private final int facts;

    /** The first {@code facts} facts (ops and harvests) of a run of {@code durationNs}; the run must have as many. */
    RecordedTimeline(long durationNs, int facts) {
        this.facts = facts;
        cfg = SimConfigReader.defaultConfig().toBuilder().durationNs(durationNs).build();
        new ReferenceDriver(cfg, this).run((DoubleConsumer) null);
        if (n + harvests.size() < facts) throw new IllegalStateException("the run has only " + (n + harvests.size()) + " facts");
    }

    @Override
    public void op(int actor, Op kind, int target, long value, long lseq, long time) {
        if (n + harvests.size() >= facts) return;
        if (n == this.actor.length) {
            int cap = 2 * n;
            this.actor = Arrays.copyOf(this.actor, cap);
            this.kind = Arrays.copyOf(this.kind, cap);
            this.target = Arrays.copyOf(this.target, cap);
            this.value = Arrays.copyOf(this.value, cap);
            this.lseq = Arrays.copyOf(this.lseq, cap);
            this.time = Arrays.copyOf(this.time, cap);
        }
        if (kind.isGuestWrite()) stores++;
        this.actor[n] = actor;
        this.kind[n] = kind;
        this.target[n] = target;
        this.value[n] = value;
        this.lseq[n] = lseq;
        this.time[n] = time;
        n++;
    }

    @Override
    public void harvest(HarvestCompleted h) {
        if (n + harvests.size() >= facts) return;
        harvests.add(h);
        harvestAt.add(n);
    }

    /** The whole timeline to {@code sink}, in order. */
    void feed(FactSink sink) {
        int h = 0;
        int nextHarvest = harvests.isEmpty() ? Integer.MAX_VALUE : harvestAt.get(0);
        for (int i = 0; i < n; i++) {
            while (i == nextHarvest) {
                sink.harvest(harvests.get(h++));
                nextHarvest = h < harvests.size() ? harvestAt.get(h) : Integer.MAX_VALUE;
            }
            sink.op(actor[i], kind[i], target[i], value[i], lseq[i], time[i]);
        }
        while (h < harvests.size()) sink.harvest(harvests.get(h++));
    }
}
