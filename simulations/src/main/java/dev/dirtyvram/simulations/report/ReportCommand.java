package dev.dirtyvram.simulations.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.IncompleteRunException;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Plural;
import dev.dirtyvram.simulations.cli.Verbosity;
import dev.dirtyvram.simulations.replay.LoadedRun;
import dev.dirtyvram.simulations.replay.RunStory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * One self-contained HTML page (styles, SVG pictures and PNG charts inline: it opens with no network) for a run
 * directory (its configuration, verdict and summary, the cause sentences, the pictures of the first pages that lost
 * or were late with stores), a sweep (its points, recommendation and charts) or a hunt (its signatures with their rates
 * and each one's first failure told as a run is). The page is XHTML, so that machines read it as well as browsers.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write one self-contained HTML page about a run, a sweep or a hunt directory.")
public final class ReportCommand implements Callable<Integer> {
    /** Pages of a run told and drawn at most: the first that lost or were late with stores. */
    static final int PAGES = 3;

    @Parameters(index = "0", paramLabel = "DIR", description = "A run, sweep or hunt directory.")
    Path dir;

    @Option(names = {"-o", "--output"}, description = "The page to write (default: DIR/report.html).")
    Path output;

    @Mixin
    Verbosity verbosity = new Verbosity();

    @Override
    public Integer call() throws IOException {
        Config pekko = verbosity.apply();
        if (!Files.isDirectory(dir)) throw new BadInputException("no directory at " + dir);
        Html page;
        try {
            if (Files.isRegularFile(dir.resolve("sweep.json"))) page = sweep(dir);
            else if (Files.isRegularFile(dir.resolve("hunt.json"))) page = hunt(dir, pekko);
            else if (Files.isRegularFile(dir.resolve(RunDirectory.CONFIG))) page = run(dir, pekko, new Html("dirtyvram run " + dir.getFileName()), 1);
            else if (RunDirectory.killedWhileStarting(dir)) {
                throw new IncompleteRunException(dir + " was stopped before it wrote its " + RunDirectory.CONFIG + ": there is nothing to report");
            } else throw new BadInputException(dir + " is neither a run (config.conf), a sweep (sweep.json) nor a hunt (hunt.json) directory");
        } catch (ConfigException e) {
            throw new BadInputException(dir + ": its files are not what this release writes: " + e.getMessage());
        }
        Path to = output != null ? output : dir.resolve("report.html");
        try {
            Files.writeString(to, page.end(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + to + ": " + BadInputException.reason(e));
        }
        System.out.println("wrote " + to);
        return ExitStatus.OK.code;
    }

    /** A run's section: verdict, cause sentences and pictures, step table, then summary and configuration, with headings of {@code level}. */
    private static Html run(Path runDir, Config pekko, Html h, int level) throws IOException {
        Map<String, String> summary = summaryFields(runDir);
        h.heading(level, "Run " + runDir.getFileName());
        if (summary.isEmpty()) {
            h.para("This run has no summary: it did not finish (killed?). Its journal holds what it did; replay says what can be judged.");
        } else {
            h.verdict(summary.getOrDefault("verdict", "?") + ": " + summary.getOrDefault("lostUpdates", "?") + " lost, "
                    + summary.getOrDefault("lateReports", "?") + " late, latency p99 " + summary.getOrDefault("latencyP99", "?") + " ms, CPU "
                    + summary.getOrDefault("cpuPercent", "?") + " % of one core");
            RunStory story;
            try {
                story = RunStory.of(LoadedRun.open(RunDirectory.open(runDir), pekko), PAGES);
            } catch (RuntimeException e) {
                story = null; // no journal to read (journal = off, or it failed): the rest of the page still says what is known
                h.para("Its causes and pictures cannot be told: " + BadInputException.firstLine(e));
            }
            if (story != null) {
                h.heading(level + 1, story.sentences().isEmpty() ? "No store lost or late" : "What went wrong");
                if (!story.sentences().isEmpty()) h.list("causes", story.sentences());
                for (var e : story.pictures().entrySet()) {
                    h.heading(level + 2, "Page " + e.getKey());
                    h.raw("<div class=\"picture\">" + e.getValue().replaceFirst("^<svg ", "<svg class=\"page\" ") + "</div>\n");
                }
            }
        }
        Path steps = runDir.resolve("steps.txt");
        if (Files.isRegularFile(steps)) {
            h.heading(level + 1, "The steps that matter, one column per actor (written by shrink or check)");
            h.pre(Files.readString(steps, StandardCharsets.UTF_8));
        }
        if (!summary.isEmpty()) {
            h.details("Summary (summary.json)", true, () -> h.table("summary", List.of("field", "value"),
                    summary.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue())).toList()));
        }
        String config = Files.readString(runDir.resolve(RunDirectory.CONFIG), StandardCharsets.UTF_8);
        h.details("Configuration (config.conf: ./dirtyvram run --scenario " + runDir.resolve(RunDirectory.CONFIG) + " repeats the run)", false,
                () -> h.pre(config));
        return h;
    }

    private static Html sweep(Path sweepDir) throws IOException {
        Config s = parse(sweepDir.resolve("sweep.json"));
        Html h = new Html("dirtyvram sweep " + sweepDir.getFileName());
        h.heading(1, "Sweep " + sweepDir.getFileName());
        if (s.hasPath("interrupted") && s.getBoolean("interrupted")) {
            h.para("Interrupted: " + s.getInt("runsDone") + " of " + Plural.of(s.getInt("runsPlanned"), "run") + " done (continue it with ./dirtyvram sweep --resume " + sweepDir + ").");
        }
        String target = fmt(s.getDouble("latencyTargetMs")) + " ms";
        if (s.getIsNull("recommendation")) {
            h.verdict("no configuration keeps latency p99 within " + target + " with no lost update on every seed");
        } else {
            Config r = s.getConfig("recommendation");
            h.verdict("recommended: " + r.getString("series") + " at a " + fmt(r.getDouble("intervalMs")) + " ms harvest interval ("
                    + (r.hasPath("cpuPercent") ? fmt(r.getDouble("cpuPercent")) + " % of one core, " : "") + "p99 " + fmt(r.getDouble("latencyP99MaxMs")) + " ms, target " + target + ")");
        }
        List<List<String>> rows = s.getConfigList("points").stream().map(p -> List.of(p.getString("series"), fmt(p.getDouble("intervalMs")),
                String.valueOf(p.getInt("seeds")), p.getLong("lostUpdates") + (p.hasPath("lostShare") ? String.format(Locale.ROOT, " (%.2f %%)",
                        100 * p.getDouble("lostShare")) : ""), fmt(p.getDouble("latencyP99MaxMs")),
                fmt(p.getDouble("cpuPercent")), p.getBoolean("qualifies") ? "yes" : "no")).toList();
        h.table("points", List.of("series", "interval (ms)", "seeds", "lost (share of stores)", "p99 of shown stores (ms)", "CPU % of one core",
                "p99 within " + target + ", none lost"), rows);
        for (String chart : s.getStringList("charts")) {
            Path png = Path.of(chart).isAbsolute() ? Path.of(chart) : sweepDir.resolve(Path.of(chart).getFileName());
            if (!Files.isRegularFile(png)) png = sweepDir.resolve(Path.of(chart).getFileName());
            if (!Files.isRegularFile(png)) continue;
            h.heading(2, png.getFileName().toString());
            h.raw("<img class=\"chart\" alt=\"" + Html.esc(png.getFileName().toString()) + "\" src=\"data:image/png;base64,"
                    + Base64.getEncoder().encodeToString(Files.readAllBytes(png)) + "\"/>\n");
        }
        h.para("Every run: " + sweepDir.resolve("runs") + " (./dirtyvram runs " + sweepDir.resolve("runs") + "); every figure: sweep.csv.");
        return h;
    }

    private static Html hunt(Path huntDir, Config pekko) throws IOException {
        Config j = parse(huntDir.resolve("hunt.json"));
        Html h = new Html("dirtyvram hunt " + huntDir.getFileName());
        h.heading(1, "Hunt " + huntDir.getFileName());
        int runs = j.getInt("runs");
        h.verdict(j.getLong("failingRuns") == 0 ? "no lost or late update in " + Plural.of(runs, "run") + " (failure rate < 3/" + runs + ", 95 %)"
                : j.getLong("failingRuns") + " of " + Plural.of(runs, "run") + " failed");
        h.para(String.format(Locale.ROOT, "Scenario %s, %s mode, policy %s, root seed %d, %.1f s.", j.getString("scenario"), j.getString("mode"),
                j.getString("policy"), j.getLong("rootSeed"), j.getDouble("wallSeconds")));
        List<? extends Config> sigs = j.getConfigList("signatures");
        if (!sigs.isEmpty()) {
            h.table("signatures", List.of("violation", "cause", "failing runs", "rate (95 % interval)", "runs to the first", "first seed", "repeat"),
                    sigs.stream().map(s -> List.of(s.getString("kind"), s.getString("cause"), String.valueOf(s.getInt("failingRuns")),
                            String.format(Locale.ROOT, "%.4f (%.4f-%.4f)", s.getDouble("rate"), s.getDouble("rateLow"), s.getDouble("rateHigh")),
                            String.valueOf(s.getInt("runsToFirstFailure")), String.valueOf(s.getLong("firstFailingSeed")), s.getString("repeat"))).toList());
            for (Config s : sigs) {
                Path runDir = Path.of(s.getString("runDir"));
                if (Files.isDirectory(runDir)) run(runDir, pekko, h, 2);
            }
        }
        return h;
    }

    /** summary.json's fields in their order (the program writes it flat). */
    private static Map<String, String> summaryFields(Path runDir) throws IOException {
        Path file = runDir.resolve(RunDirectory.SUMMARY);
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) return out;
        Matcher m = Pattern.compile("\"([A-Za-z0-9]+)\": (\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]+)").matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
            String v = m.group(2).strip();
            out.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return out;
    }

    private static Config parse(Path file) {
        try {
            return ConfigFactory.parseFile(file.toFile());
        } catch (ConfigException e) {
            throw new BadInputException(file + " is damaged: " + e.getMessage());
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
