package dev.dirtyvram.simulations.replay;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.oracle.Explainer;
import dev.dirtyvram.domain.oracle.Oracle;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.domain.oracle.StoreRanges;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Json;
import dev.dirtyvram.simulations.cli.Plural;
import dev.dirtyvram.simulations.cli.Verbosity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.LongPredicate;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
@Command(name = "explain", mixinStandardHelpOptions = true, description = "Tell what happened to one page (with a verdict per lost or late write there), or why each lost write was lost.")
public final class ExplainCommand implements Callable<Integer> {
    @Mixin
    RunSource source = new RunSource();

    static final class What {
        @Option(names = "--page", description = "The LFB page whose causal timeline to print.")
        Integer page;

        @Option(names = "--lost", description = "Explain every lost write.")
        boolean lost;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    @Option(names = "--limit", defaultValue = "20", description = "Pages to explain at most with --lost (default 20).")
    int limit;

    @Option(names = "--svg", paramLabel = "FILE", description = "With --page: also draw the page's story as an SVG picture.")
    Path svg;

    @Option(names = "--json", description = "Print the verdicts (and with --page the page's timeline) as JSON.")
    boolean json;

    @Mixin
    Verbosity verbosity = new Verbosity();

    @Override
    public Integer call() {
        Config pekko = verbosity.apply();
        if (limit < 1) throw new BadInputException("--limit must be at least 1");
        LoadedRun run = LoadedRun.open(source.open(), pekko);
        int pages = run.scenario().cfg().lfbPages();
        if (what.page != null && (what.page < 0 || what.page >= pages)) {
            throw new BadInputException("--page must be in [0, " + pages + "), got " + what.page);
        }
        RunFold fold = new RunFold(run.scenario().cfg(), run.p2m());
        if (what.page != null) fold.oracle().watch(what.page);
        run.timeline(fold);
        if (!fold.summary().complete()) {
            (json ? System.err : System.out).println("note: the journal ends before the quiesce protocol finished: stores not shown yet are not judged lost"
                    + run.tornTail().map(t -> "; " + t).orElse(""));
        } else {
            run.tornTail().ifPresent(t -> (json ? System.err : System.out).println("note: " + t));
        }
        Oracle oracle = fold.oracle();
        Map<Integer, StoreRanges> lost = new LinkedHashMap<>();
        Map<Integer, StoreRanges> late = new LinkedHashMap<>();
        List<Integer> pagesToTell = new ArrayList<>();
        if (what.page != null) {
            pagesToTell.add(what.page);
            if (fold.summary().complete()) lost.put(what.page, oracle.unshown(what.page));
            late.put(what.page, oracle.late(what.page));
        } else if (fold.summary().complete()) {
            for (int p = 0; p < pages && lost.size() < limit; p++) {
                StoreRanges l = oracle.unshown(p);
                if (!l.isEmpty()) {
                    lost.put(p, l);
                    pagesToTell.add(p);
                }
            }
        }
        Explainer ex = new Explainer(run.scenario().cfg(), run.p2m(), lost, late, what.page == null ? Set.of() : Set.of(what.page));
        if (svg != null && what.page == null) throw new BadInputException("--svg draws one page: give --page N");
        PageSvg picture = svg == null ? null : new PageSvg(run.scenario().cfg(), what.page, failing(lost, late, what.page));
        run.timeline(FactSink.tee(ex, picture));
        if (picture != null) {
            try {
                picture.write(svg, new ActorIds(run.scenario().cfg().vcpus()), "page " + what.page + " of " + run.run().runId());
            } catch (IOException e) {
                throw new BadInputException("cannot write " + svg + ": " + BadInputException.reason(e));
            }
            if (!json) System.out.println("drew " + svg);
        }
        ActorIds ids = new ActorIds(run.scenario().cfg().vcpus());
        if (json) {
            System.out.println(Json.object(json(run, ex, pagesToTell, ids, what.page, fold.summary().complete(),
                    fold.oracle().pagesWithUnshown() > lost.size())));
            return ExitStatus.OK.code;
        }
        if (what.page != null) {
            System.out.println("page " + what.page + " of " + run.run().runId() + ":");
            ex.lines(what.page).forEach(l -> System.out.println("  " + l));
        }
        int total = 0;
        for (int p : pagesToTell) total += printVerdicts(p, ex.verdicts(p), ids);
        if (what.lost && fold.summary().complete()) {
            System.out.println(total == 0 ? "no lost writes" : Plural.of(total, "lost write") + " explained"
                    + (fold.oracle().pagesWithUnshown() > lost.size() ? " (first " + limit + " pages; --limit for more)" : ""));
        }
        return ExitStatus.OK.code;
    }

    /** What explain says, for machines: every verdict (none grouped), the page's lines when one page was asked for. */
    private static Map<String, Object> json(LoadedRun run, Explainer ex, List<Integer> pages, ActorIds ids, Integer page,
                                            boolean complete, boolean more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", run.run().runId());
        m.put("complete", complete);
        if (page != null) {
            m.put("page", page);
            m.put("lines", ex.lines(page));
        }
        List<Map<String, Object>> verdicts = new ArrayList<>();
        for (int p : pages) {
            for (Explainer.Verdict v : ex.verdicts(p)) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("lseq", v.lseq());
                e.put("timeNs", v.time());
                e.put("vcpu", ids.name(v.vcpu()));
                e.put("page", v.page());
                e.put("kind", v.violation().id);
                e.put("cause", v.cause().id);
                e.put("sentence", v.sentence(ids));
                verdicts.add(e);
            }
        }
        m.put("verdicts", verdicts);
        m.put("morePages", more);
        return m;
    }

    /** The page's lost and late stores, marked in its picture. */
    static LongPredicate failing(Map<Integer, StoreRanges> lost, Map<Integer, StoreRanges> late, int page) {
        StoreRanges l = lost.getOrDefault(page, StoreRanges.NONE);
        StoreRanges k = late.getOrDefault(page, StoreRanges.NONE);
        return lseq -> l.contains(lseq) || k.contains(lseq);
    }

    /** One sentence per cause and VCPU; the other stores lost the same way are counted, not repeated. */
    private static int printVerdicts(int page, List<Explainer.Verdict> verdicts, ActorIds ids) {
        verdictLines(page, verdicts, ids).forEach(System.out::println);
        return verdicts.size();
    }

    /** A page's verdicts as sentences, the stores one VCPU lost for one cause told once with their count. */
    static List<String> verdictLines(int page, List<Explainer.Verdict> verdicts, ActorIds ids) {
        List<String> out = new ArrayList<>();
        Map<String, long[]> groups = new LinkedHashMap<>();
        Map<String, Explainer.Verdict> firstOf = new LinkedHashMap<>();
        for (Explainer.Verdict v : verdicts) {
            String key = v.vcpu() + " " + v.violation() + " " + v.cause();
            firstOf.putIfAbsent(key, v);
            long[] g = groups.computeIfAbsent(key, k -> new long[] {0, v.lseq(), v.lseq()});
            g[0]++;
            g[2] = v.lseq();
        }
        for (var e : firstOf.entrySet()) {
            long[] g = groups.get(e.getKey());
            out.add("page " + page + ": " + e.getValue().sentence(ids) + ".");
            if (g[0] > 1) out.add("  ... and " + (g[0] - 1) + " more stores by the same VCPU, for the same cause (through lseq " + g[2] + ")");
        }
        return out;
    }
}
