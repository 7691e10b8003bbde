package dev.dirtyvram.simulations.replay;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The runs under a directory, one line each, oldest first: its id, scenario, strategy, mode, verdict, lost and late
 * stores, latency p99, when it was made. Run directories of sweeps and hunts are found too (up to three levels down);
 * a run that did not finish says so.
 */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List the runs under a directory (default: runs), one line each.")
public final class RunsCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Where the runs are (default: runs).")
    Path dir = Path.of("runs");

    @Option(names = "--json", description = "Print the runs as JSON.")
    boolean json;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) throw new BadInputException("no directory at " + dir);
        List<Map<String, Object>> runs = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir, 3)) {
            for (Path p : paths.filter(p -> Files.isRegularFile(p.resolve(RunDirectory.CONFIG)) || RunDirectory.killedWhileStarting(p))
                    .sorted().toList()) {
                runs.add(describe(p));
            }
        }
        runs.sort(Comparator.comparing(m -> (String) m.get("when")));
        if (json) {
            System.out.println(Json.value(runs));
            return ExitStatus.OK.code;
        }
        if (runs.isEmpty()) {
            System.out.println("no runs under " + dir);
            return ExitStatus.OK.code;
        }
        String fmt = "%-58s %-22s %-12s %-13s %-22s %9s %9s %9s  %s%n";
        System.out.printf(Locale.ROOT, fmt, "run", "scenario", "strategy", "mode", "verdict", "lost", "late", "p99 ms", "when");
        for (Map<String, Object> r : runs) {
            System.out.printf(Locale.ROOT, fmt, r.get("runId"), r.get("scenario"), r.get("strategy"), r.get("mode"), r.get("verdict"),
                    text(r.get("lostUpdates")), text(r.get("lateReports")), text(r.get("latencyP99")), r.get("when"));
        }
        return ExitStatus.OK.code;
    }

    private static String text(Object v) {
        if (v == null) return "-";
        return v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v.toString();
    }

    /** What a run's summary (or, unfinished, its configuration) says of it. */
    private static Map<String, Object> describe(Path run) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        Path summary = run.resolve(RunDirectory.SUMMARY);
        Path config = run.resolve(RunDirectory.CONFIG);
        Config s = null;
        if (Files.isRegularFile(summary)) {
            try {
                s = ConfigFactory.parseFile(summary.toFile());
            } catch (ConfigException e) {
                s = null; // a broken summary: listed by its configuration, as not finished
            }
        }
        Config c;
        try {
            c = ConfigFactory.parseFile(config.toFile()); // empty when there is none
        } catch (ConfigException e) {
            c = ConfigFactory.empty();
        }
        m.put("runId", s != null && s.hasPath("runId") ? s.getString("runId") : run.getFileName().toString());
        m.put("dir", run.toString());
        m.put("scenario", string(s, c, "scenario"));
        m.put("strategy", string(s, c, "strategy"));
        m.put("mode", string(s, c, "mode"));
        m.put("verdict", s != null && s.hasPath("verdict") ? s.getString("verdict") : "not finished");
        for (String k : List.of("lostUpdates", "lateReports")) m.put(k, s != null && s.hasPath(k) ? s.getLong(k) : null);
        m.put("latencyP99", s != null && s.hasPath("latencyP99") ? s.getDouble("latencyP99") : null);
        // the newest of what it wrote: its summary, else its configuration, else (killed while starting) its id
        Path stamp = Files.isRegularFile(summary) ? summary : Files.isRegularFile(config) ? config : run.resolve(RunDirectory.RUN_ID);
        m.put("when", WHEN.format(Instant.ofEpochMilli(Files.getLastModifiedTime(stamp).toMillis())));
        return m;
    }

    private static String string(Config summary, Config cfg, String key) {
        if (summary != null && summary.hasPath(key)) return summary.getString(key);
        return cfg.hasPath(key) ? cfg.getString(key) : "?";
    }
}
