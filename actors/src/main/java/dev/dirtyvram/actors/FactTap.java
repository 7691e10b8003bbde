package dev.dirtyvram.actors;

import dev.dirtyvram.domain.event.Fact;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A copy of every fact each actor persisted, kept in memory so that the live run can fold its summary at the end
 * without reopening the journal; replay folds the journal itself and must agree.
 */
public final class FactTap {
    private final List<List<Fact>> streams = new ArrayList<>();

    public FactTap(int actors) {
        for (int a = 0; a < actors; a++) streams.add(Collections.synchronizedList(new ArrayList<>()));
    }

    public void add(int actor, List<Fact> facts) {
        streams.get(actor).addAll(facts);
    }

    public List<List<Fact>> streams() {
        return streams;
    }

    public long journalEntries() {
        long n = 0;
        for (List<Fact> s : streams) n += s.size();
        return n;
    }
}
