package dev.dirtyvram.simulations.tune;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.actors.cluster.RunWork;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.JournalKind;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.cli.PlanFile;
import dev.dirtyvram.simulations.replay.LoadedRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a sweep was asked to do, kept in its directory ({@value #FILE}) so that {@code sweep --resume DIR} makes the
 * same grid again: the runs it finished are kept, the rest made, and its files come out as an uninterrupted sweep's.
 */
record SweepPlan(String scenario, List<String> vary, List<String> sets, int seeds, String duration, String latencyTarget) {
    static final String FILE = "sweep.plan";

    void write(Path sweepDir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario);
        m.put("vary", vary);
        m.put("set", sets);
        m.put("seeds", seeds);
        m.put("duration", duration);
        m.put("latencyTarget", latencyTarget);
        PlanFile.write(sweepDir, FILE, m);
    }

    static SweepPlan read(Path sweepDir) {
        return PlanFile.read(sweepDir, FILE, "sweep", c -> new SweepPlan(c.getString("scenario"), c.getStringList("vary"),
                c.getStringList("set"), c.getInt("seeds"), c.getIsNull("duration") ? null : c.getString("duration"), c.getString("latencyTarget")));
    }

    /** The plan's options on {@code sweep}, which must not give its own: a resumed sweep is the sweep it was. */
    void applyTo(SweepCommand sweep) {
        if (sweep.scenario != null || !sweep.vary.isEmpty() || !sweep.set.given.isEmpty() || sweep.seeds != null || sweep.duration != null
                || sweep.latencyTarget != null) {
            throw new BadInputException("--resume continues the sweep as it was planned: give it no --scenario, --vary, --set, --seeds, "
                    + "--duration or --latency-target");
        }
        sweep.scenario = scenario;
        sweep.vary = new ArrayList<>(vary);
        sweep.set.given = new ArrayList<>(sets);
        sweep.seeds = seeds;
        sweep.duration = duration;
        sweep.latencyTarget = latencyTarget;
    }

    /**
     * The grid's runs finished under {@code runsDir} (a summary that is neither interrupted nor failed, and the job's
     * resolved configuration), their figures replayed from their journals into {@code results}; returns how many.
     */
    static int finishedRuns(List<SweepGrid.Job> grid, Path runsDir, Config pekko, RunWork.Result[] results) throws IOException {
        Map<String, Path> byConfig = new HashMap<>();
        if (Files.isDirectory(runsDir)) {
            try (Stream<Path> dirs = Files.list(runsDir)) {
                for (Path d : dirs.filter(Files::isDirectory).toList()) {
                    Path summary = d.resolve(RunDirectory.SUMMARY);
                    Path config = d.resolve(RunDirectory.CONFIG);
                    if (!Files.isRegularFile(summary) || !Files.isRegularFile(config)) continue; // killed: made again
                    String verdict;
                    try {
                        verdict = ConfigFactory.parseFile(summary.toFile()).getString("verdict");
                    } catch (ConfigException e) {
                        continue;
                    }
                    if (verdict.equals("interrupted") || verdict.equals("failed")) continue;
                    byConfig.put(Files.readString(config, StandardCharsets.UTF_8), d);
                }
            }
        }
        int kept = 0;
        for (int i = 0; i < grid.size(); i++) {
            if (grid.get(i).scenario().journal() == JournalKind.OFF) continue; // no journal to take its figures from: made again
            Path d = byConfig.remove(grid.get(i).scenario().render());
            if (d == null) continue;
            RunDirectory run = RunDirectory.open(d);
            RunSummary s = LoadedRun.open(run, pekko).fold().summary();
            results[i] = RunWork.Result.kept(run.runId(), s);
            kept++;
        }
        return kept;
    }
}
