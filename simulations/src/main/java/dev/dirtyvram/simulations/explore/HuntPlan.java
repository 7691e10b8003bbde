package dev.dirtyvram.simulations.explore;

import dev.dirtyvram.domain.config.SchedulePolicy;
import dev.dirtyvram.domain.oracle.FailureSignature;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.simulations.cli.PlanFile;
import dev.dirtyvram.simulations.explore.HuntTally.Outcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a hunt was asked to do ({@value #FILE}) and what each of its runs gave ({@value #OUTCOMES}, a line a run, written
 * as the run ends), kept in its directory so that {@code hunt --resume DIR} makes the same runs again but those done:
 * the same seeds, the same policy per seed, the same PCT run length, and in the end the files of an uninterrupted hunt.
 */
record HuntPlan(String scenario, List<String> sets, String policy, String mode, long root, Integer runs, String time,
                boolean stopAtFirst, long pctSteps, String swarm) {
    static final String FILE = "hunt.plan";
    static final String OUTCOMES = "hunt.outcomes";

    void write(Path huntDir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario);
        m.put("set", sets);
        m.put("policy", policy);
        m.put("mode", mode);
        m.put("root", root);
        m.put("runs", runs);
        m.put("time", time);
        m.put("stopAtFirst", stopAtFirst);
        m.put("pctSteps", pctSteps);
        m.put("swarm", swarm);
        PlanFile.write(huntDir, FILE, m);
    }

    static HuntPlan read(Path huntDir) {
        return PlanFile.read(huntDir, FILE, "hunt", c -> new HuntPlan(c.getString("scenario"), c.getStringList("set"), c.getString("policy"),
                c.getString("mode"), c.getLong("root"), c.getIsNull("runs") ? null : c.getInt("runs"),
                c.getIsNull("time") ? null : c.getString("time"), c.getBoolean("stopAtFirst"), c.getLong("pctSteps"),
                c.hasPath("swarm") ? c.getString("swarm") : "off"));
    }

    /** The plan's options on {@code hunt}, which must not give its own: a resumed hunt is the hunt it was. */
    void applyTo(HuntCommand hunt) {
        if (hunt.scenario != null || !hunt.set.given.isEmpty() || hunt.policy != null || hunt.mode != null || hunt.root != null
                || hunt.runs != null || hunt.time != null || hunt.stopAtFirst || hunt.swarm != null) {
            throw new BadInputException("--resume continues the hunt as it was planned: give it no --scenario, --set, --policy, --mode, "
                    + "--seed, --runs, --time, --stop-at-first or --swarm");
        }
        hunt.scenario = scenario;
        hunt.set.given = new ArrayList<>(sets);
        hunt.policy = policy;
        hunt.mode = mode;
        hunt.root = root;
        hunt.runs = runs;
        hunt.time = time; // a hunt for a time gets that time again, for the runs it has not made
        hunt.stopAtFirst = stopAtFirst;
        hunt.swarm = swarm;
    }

    /** The outcome log of {@code huntDir}: the lines already there (a torn last line, a SIGKILL's, left out), open to add more. */
    static Outcomes outcomes(Path huntDir) throws IOException {
        Path file = huntDir.resolve(OUTCOMES);
        List<Outcome> done = new ArrayList<>();
        boolean torn = false;
        if (Files.isRegularFile(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                Outcome o = parse(line);
                if (o != null) done.add(o);
            }
            torn = !text.isEmpty() && !text.endsWith("\n");
        }
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (torn) out.write("\n"); // the next line starts on a line of its own
        return new Outcomes(done, out);
    }

    /** index seed policy lost late [c=situations in hex] signatures...; null for a line cut short. */
    private static Outcome parse(String line) {
        String[] f = line.strip().split(" ");
        if (f.length < 6 || !f[f.length - 1].equals(".")) return null;
        try {
            Set<FailureSignature> sigs = new LinkedHashSet<>();
            long situations = 0;
            for (int i = 5; i < f.length - 1; i++) {
                if (f[i].startsWith("c=")) situations = Long.parseLong(f[i].substring(2), 16);
                else sigs.add(FailureSignature.parse(f[i]));
            }
            return new Outcome(Integer.parseInt(f[0]), Long.parseLong(f[1]), SchedulePolicy.parse(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), sigs, situations);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The runs done before, and the log each finished run is added to (a line, flushed: a kill loses at most that one). */
    static final class Outcomes implements AutoCloseable {
        private final List<Outcome> done;
        private final Set<Integer> indices = new HashSet<>();
        private final BufferedWriter out;

        Outcomes(List<Outcome> done, BufferedWriter out) {
            this.done = List.copyOf(done);
            for (Outcome o : done) indices.add(o.index());
            this.out = out;
        }

        List<Outcome> done() { return done; }

        boolean isDone(int index) {
            return indices.contains(index);
        }

        synchronized void add(Outcome o) {
            StringBuilder b = new StringBuilder().append(o.index()).append(' ').append(o.seed()).append(' ').append(o.policy().id())
                    .append(' ').append(o.lostUpdates()).append(' ').append(o.lateReports())
                    .append(" c=").append(Long.toHexString(o.situations()));
            for (FailureSignature s : o.signatures()) b.append(' ').append(s.id());
            try {
                out.write(b.append(" .\n").toString()); // the dot ends a whole line
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            out.close();
        }
    }
}
