package dev.dirtyvram.simulations.tune;

import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.simulations.scenario.Parameters;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of a sweep: every combination of the {@code --vary} values, times the seeds, each resolved (and so checked)
 * before any run starts; the knob its charts plot across (the harvest interval when it varies, else the first knob
 * varied) and the series each run belongs to.
 */
public final class SweepGrid {
    /** Short names accepted by --vary. */
    static final Map<String, String> ALIASES = Map.of("tlb", "tlb.mode", "interval", "harvest.interval", "flush", "harvest.flush-after-clear");

    /** One run of the grid: its varied knobs, its series (the knobs but the interval), seed, scenario, line and x. */
    public record Job(Map<String, String> knobs, String series, int seed, Scenario scenario, String line, String x) {}

    private final List<Job> jobs;
    private final String xKey;
    private final int seeds;

    private SweepGrid(List<Job> jobs, String xKey, int seeds) {
        this.jobs = jobs;
        this.xKey = xKey;
        this.seeds = seeds;
    }

    public List<Job> jobs() { return jobs; }

    /** The knob the charts plot across. */
    public String xKey() { return xKey; }

    /** Points of the grid (runs per seed). */
    public int points() { return jobs.size() / seeds; }

    /**
     * @param vary     the {@code --vary key=v1,v2,...} options
     * @param sets     {@code --set} overrides for every run
     * @param duration every run's duration, or null for the scenario's
     */
    public static SweepGrid of(ScenarioLoader loader, String scenario, List<String> vary, List<Setting> sets, int seeds, String duration) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String v : vary) {
            int eq = v.indexOf('=');
            if (eq <= 0 || eq == v.length() - 1) throw new BadInputException("--vary takes key=v1,v2,..., got '" + v + "'");
            String key = ALIASES.getOrDefault(v.substring(0, eq).trim(), v.substring(0, eq).trim());
            if (key.equals("seed")) throw new BadInputException("--vary seed: use --seeds");
            if (key.equals("mode")) throw new BadInputException("--vary mode: a sweep runs every point in deterministic mode");
            if (key.equals("duration")) {
                throw new BadInputException("--vary duration: a sweep compares designs over one run length (give it with --duration)");
            }
            List<String> values = new ArrayList<>();
            for (String x : v.substring(eq + 1).split(",")) {
                if (x.isBlank()) continue;
                if (values.contains(x.trim())) throw new BadInputException("--vary " + key + " lists " + x.trim() + " twice");
                values.add(x.trim());
            }
            if (axes.put(key, values) != null) throw new BadInputException("--vary " + key + " given twice");
        }
        String xKey = !axes.containsKey("harvest.interval") && !axes.isEmpty() ? axes.keySet().iterator().next() : "harvest.interval";
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (var axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String value : axis.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), value);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Job> jobs = new ArrayList<>();
        for (Map<String, String> combo : combos) {
            String series = describe(combo, "harvest.interval");
            String line = describe(combo, xKey);
            for (int seed = 1; seed <= seeds; seed++) {
                List<Setting> overrides = new ArrayList<>(sets);
                combo.forEach((k, v) -> overrides.add(Setting.of(k, quoteIfWord(v))));
                overrides.add(Setting.of("seed", seed));
                overrides.add(Setting.of("mode", "deterministic"));
                if (duration != null) overrides.add(Setting.of("duration", duration));
                Scenario sc = loader.load(scenario, overrides);
                String x = combo.containsKey(xKey) ? combo.get(xKey) : Parameters.ms(sc.cfg().harvestIntervalNs());
                jobs.add(new Job(combo, series, seed, sc, line, x));
            }
        }
        return new SweepGrid(jobs, xKey, seeds);
    }

    /** The knobs of a combination but {@code except}, as a series name ("all" when none is left). */
    private static String describe(Map<String, String> combo, String except) {
        StringBuilder b = new StringBuilder();
        for (var e : combo.entrySet()) {
            if (e.getKey().equals(except)) continue;
            b.append(b.length() == 0 ? "" : " ").append(e.getKey().equals("strategy") ? e.getValue() : e.getKey() + "=" + e.getValue());
        }
        return b.length() == 0 ? "all" : b.toString();
    }

    /** Strategy ids like linear-walk are not HOCON numbers or durations: quote plain words. */
    private static String quoteIfWord(String v) {
        return v.matches("[A-Za-z][A-Za-z0-9_-]*") && !v.matches("on|off|true|false") ? "\"" + v + "\"" : v;
    }
}
