package dev.dirtyvram.simulations.run;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.oracle.Achievement;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.simulations.scenario.Scenario;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
/** One run's summary as printed: a two-column table, or JSON (also what summary.json holds). */
public final class SummaryTable {
    private SummaryTable() {}

    /** Live figures a replay cannot know (they describe the process, not the timeline). */
    record Live(long eventsPersisted, long journalBytes, double wallSeconds, double dilation, double dilationMax) {}

    /** The fields only the live run knows: replay leaves them out and --verify does not compare them. */
    public static final Set<String> LIVE_ONLY = Set.of("journalBytes", "wallSeconds",
            "guestWritesPerSecond", "eventsPerSecond", "dilation", "dilationMax");

    public static Map<String, Object> fields(String runId, Scenario s, RunSummary sum, Live live) {
        SimConfig c = s.cfg();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", runId);
        m.put("scenario", s.name());
        m.put("mode", s.mode().id);
        m.put("seed", c.seed());
        m.put("strategy", c.strategy().id);
        m.put("vcpus", c.vcpus());
        m.put("lfbPages", c.lfbPages());
        m.put("schedulePolicy", c.schedule().policy().forSeed(c.seed()).id());
        Achievement a = Achievement.of(c, sum);
        m.put("verdict", s.expect().judge(c, sum, a).verdict().words);
        m.put("configuredStores", a.configuredStores());
        m.put("achievedStoreRatio", a.achievedStoreRatio());
        m.put("configuredHarvests", a.configuredHarvests());
        m.put("achievedHarvestRatio", a.achievedHarvestRatio());
        m.putAll(sum.fields()); // latencies already in milliseconds, as everywhere
        if (live != null) {
            m.put("dilation", live.dilation());
            m.put("dilationMax", live.dilationMax());
            m.put("eventsPersisted", live.eventsPersisted());
            m.put("journalBytes", live.journalBytes());
            m.put("wallSeconds", live.wallSeconds());
            m.put("guestWritesPerSecond", live.wallSeconds() > 0 ? sum.guestWrites() / live.wallSeconds() : 0.0);
            m.put("eventsPerSecond", live.wallSeconds() > 0 ? live.eventsPersisted() / live.wallSeconds() : 0.0);
        }
        return m;
    }

    /** What an incomplete run cannot say: judged only once the quiesce protocol has shown every store. */
    static final Set<String> JUDGED_AT_QUIESCE = Set.of("lostUpdates", "lostPages", "lateReports", "spuriousDirty");

    /** An incomplete run's fields: nothing it cannot judge, and a verdict that says why ("incomplete", "interrupted"). */
    public static void unjudged(Map<String, Object> fields, String verdict) {
        fields.keySet().removeAll(JUDGED_AT_QUIESCE);
        fields.put("verdict", verdict);
    }

    public static void table(PrintStream out, String title, Map<String, ?> fields) {
        out.println(title);
        int w = fields.keySet().stream().mapToInt(String::length).max().orElse(10);
        for (var e : fields.entrySet()) {
            Object v = e.getValue();
            String s = v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(v);
            if (e.getKey().startsWith("latency")) s += " ms";
            out.printf("  %-" + w + "s  %s%n", e.getKey(), s);
        }
    }
}
