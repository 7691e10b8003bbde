package dev.dirtyvram.actors;

import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.persistence.TimelineMerger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Concurrent mode's tap: actors hand their facts over in no global order, so each actor's stream is kept and the
 * streams are merged by lseq and folded once the run is over.
 */
public final class MergingTap implements FactTap {
    private final Machine m;
    private final List<List<Fact>> streams = new ArrayList<>();

    public MergingTap(Machine m) {
        this.m = m;
        for (int a = 0; a < m.ids().count(); a++) streams.add(Collections.synchronizedList(new ArrayList<>()));
    }

    @Override
    public void add(int actor, List<Fact> facts) {
        streams.get(actor).addAll(facts);
    }

    public List<List<Fact>> streams() {
        return streams;
    }

    @Override
    public long entries() {
        long n = 0;
        for (List<Fact> s : streams) n += s.size();
        return n;
    }

    @Override
    public RunFold fold() {
        RunFold fold = new RunFold(m.cfg(), m.p2m());
        TimelineMerger.merge(streams, fold);
        return fold;
    }
}
