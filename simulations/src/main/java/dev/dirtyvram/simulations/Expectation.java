package dev.dirtyvram.simulations;

import dev.dirtyvram.domain.oracle.RunSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** What a scenario promises about a few summary figures, each {@code zero}, {@code positive} or {@code any}. */
public record Expectation(Map<String, String> promises) {
    /** The expect.* keys and the summary figure each one speaks of. */
    static final Map<String, ToLongFunction<RunSummary>> FIGURES = new LinkedHashMap<>();

    static {
        FIGURES.put("lost", RunSummary::lostUpdates);
        FIGURES.put("late", RunSummary::lateReports);
        FIGURES.put("fallbacks", RunSummary::fallbacks);
        FIGURES.put("no-data", RunSummary::noDataHarvests);
        FIGURES.put("spurious", RunSummary::spuriousDirty);
    }

    public Expectation {
        for (var e : promises.entrySet()) {
            if (!FIGURES.containsKey(e.getKey())) throw new IllegalArgumentException("unknown expectation expect." + e.getKey());
            if (!List.of("zero", "positive", "any").contains(e.getValue())) {
                throw new IllegalArgumentException("expect." + e.getKey() + " must be zero, positive or any, got '" + e.getValue() + "'");
            }
        }
        promises = Map.copyOf(promises);
    }

    /** The broken promises, each as one sentence; empty when the run kept them all. */
    public List<String> broken(RunSummary s) {
        List<String> out = new ArrayList<>();
        if (!s.complete()) out.add("the run did not complete its quiesce protocol");
        for (var e : FIGURES.entrySet()) {
            String want = promises.getOrDefault(e.getKey(), "any");
            long got = e.getValue().applyAsLong(s);
            if (want.equals("zero") && got != 0) out.add("expected " + e.getKey() + " = 0, got " + got);
            if (want.equals("positive") && got <= 0) out.add("expected " + e.getKey() + " > 0, got " + got);
        }
        return out;
    }

    public String describe() {
        StringBuilder b = new StringBuilder();
        for (String k : FIGURES.keySet()) {
            String v = promises.getOrDefault(k, "any");
            if (!v.equals("any")) b.append(b.length() == 0 ? "" : ", ").append(k).append(v.equals("zero") ? " = 0" : " > 0");
        }
        return b.length() == 0 ? "nothing" : b.toString();
    }
}
