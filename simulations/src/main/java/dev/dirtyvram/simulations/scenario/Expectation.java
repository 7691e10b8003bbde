package dev.dirtyvram.simulations.scenario;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.oracle.Achievement;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.simulations.cli.ExitStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
/**
 * What a scenario promises about a few summary figures, each {@code zero}, {@code positive}, {@code at-most N} or
 * {@code any}, and the strategy the promises were written for ({@code expect.strategy}: the scenario's own unless it
 * says otherwise).
 */
public record Expectation(Map<String, String> promises, String strategy) {
    /** The expect.* keys and the summary figure each one speaks of. */
    static final Map<String, ToLongFunction<RunSummary>> FIGURES = new LinkedHashMap<>();

    static {
        FIGURES.put("lost", RunSummary::lostUpdates);
        FIGURES.put("late", RunSummary::lateReports);
        FIGURES.put("fallbacks", RunSummary::fallbacks);
        FIGURES.put("no-data", RunSummary::noDataHarvests);
        FIGURES.put("spurious", RunSummary::spuriousDirty);
        FIGURES.put("drops", RunSummary::writeAccessDrops);
        FIGURES.put("ring-full", RunSummary::ringFullExits);
    }

    private static final Pattern AT_MOST = Pattern.compile("at-most (\\d{1,18})");

    public enum Verdict {
        /** The run did what it was configured to do and kept every promise. */
        MET("expectation met", ExitStatus.OK.code),
        /** The promises were written for another strategy: nothing to judge (the run itself was fine). */
        NOT_APPLICABLE("promises not applicable", ExitStatus.OK.code),
        BROKEN("expectation not met", ExitStatus.VIOLATION.code),
        /** The run fell short of its configuration (or did not finish): it can vouch for nothing. */
        INCONCLUSIVE("inconclusive", ExitStatus.INCONCLUSIVE.code);

        public final String words;
        public final int exitStatus;

        Verdict(String words, int exitStatus) {
            this.words = words;
            this.exitStatus = exitStatus;
        }
    }

    /** A verdict and the sentences behind it. */
    public record Judgement(Verdict verdict, List<String> reasons) {}

    public Expectation {
        for (var e : promises.entrySet()) {
            if (!FIGURES.containsKey(e.getKey())) throw new IllegalArgumentException("unknown expectation expect." + e.getKey());
            if (!List.of("zero", "positive", "any").contains(e.getValue()) && !AT_MOST.matcher(e.getValue()).matches()) {
                throw new IllegalArgumentException("expect." + e.getKey() + " must be zero, positive, at-most N or any, got '" + e.getValue() + "'");
            }
        }
        promises = Map.copyOf(promises);
    }

    /**
     * A zero promise broken is a violation even in a run that fell short (what was found was found); a positive
     * promise broken in a short run only means the hazard had no chance: inconclusive, as is any short run.
     */
    public Judgement judge(SimConfig cfg, RunSummary s, Achievement a) {
        if (!s.complete()) return new Judgement(Verdict.INCONCLUSIVE, List.of("the run did not complete its quiesce protocol"));
        List<String> shortfalls = a.shortfalls();
        if (!appliesTo(cfg)) {
            if (!shortfalls.isEmpty()) return new Judgement(Verdict.INCONCLUSIVE, shortfalls);
            return new Judgement(Verdict.NOT_APPLICABLE, List.of("the promises (" + describe() + ") were written for "
                    + strategy + "; this run uses " + cfg.strategy().id));
        }
        List<String> violations = new ArrayList<>();
        List<String> notSeen = new ArrayList<>();
        for (var e : FIGURES.entrySet()) {
            String want = promises.getOrDefault(e.getKey(), "any");
            long got = e.getValue().applyAsLong(s);
            if (want.equals("zero") && got != 0) violations.add("expected " + e.getKey() + " = 0, got " + got);
            var atMost = AT_MOST.matcher(want);
            if (atMost.matches() && got > Long.parseLong(atMost.group(1))) {
                violations.add("expected " + e.getKey() + " <= " + atMost.group(1) + ", got " + got);
            }
            if (want.equals("positive") && got <= 0) notSeen.add("expected " + e.getKey() + " > 0, got " + got);
        }
        if (!violations.isEmpty() || (!notSeen.isEmpty() && shortfalls.isEmpty())) {
            violations.addAll(notSeen);
            return new Judgement(Verdict.BROKEN, violations);
        }
        if (!shortfalls.isEmpty()) {
            List<String> why = new ArrayList<>(shortfalls);
            why.addAll(notSeen);
            return new Judgement(Verdict.INCONCLUSIVE, why);
        }
        return new Judgement(Verdict.MET, List.of(describe()));
    }

    /** Whether the promises speak of this configuration's strategy. */
    public boolean appliesTo(SimConfig cfg) {
        return strategy.equals(cfg.strategy().id);
    }

    public String describe() {
        StringBuilder b = new StringBuilder();
        for (String k : FIGURES.keySet()) {
            String v = promises.getOrDefault(k, "any");
            if (v.equals("any")) continue;
            String what = v.equals("zero") ? " = 0" : v.equals("positive") ? " > 0" : " <= " + v.substring("at-most ".length());
            b.append(b.length() == 0 ? "" : ", ").append(k).append(what);
        }
        return b.length() == 0 ? "nothing" : b.toString();
    }
}
