package dev.dirtyvram.simulations.replay;

import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.oracle.Explainer;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.domain.oracle.StoreRanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's story as a report tells it: its summary, explain's cause sentences for the first pages that lost or were
 * late with stores, and each such page's picture: the same fold, explainer and picture as {@code explain}.
 */
public record RunStory(List<String> sentences, Map<Integer, String> pictures) {
    /** @param pages at most this many pages told and drawn */
    public static RunStory of(LoadedRun run, int pages) {
        var cfg = run.scenario().cfg();
        RunFold fold = new RunFold(cfg, run.p2m());
        run.timeline(fold);
        boolean complete = fold.summary().complete();
        Map<Integer, StoreRanges> lost = new LinkedHashMap<>();
        Map<Integer, StoreRanges> late = new LinkedHashMap<>();
        List<Integer> told = new ArrayList<>();
        for (int p = 0; p < cfg.lfbPages() && told.size() < pages; p++) {
            StoreRanges l = complete ? fold.oracle().unshown(p) : StoreRanges.NONE;
            StoreRanges k = fold.oracle().late(p);
            if (l.isEmpty() && k.isEmpty()) continue;
            if (!l.isEmpty()) lost.put(p, l);
            if (!k.isEmpty()) late.put(p, k);
            told.add(p);
        }
        ActorIds ids = new ActorIds(cfg.vcpus());
        List<String> sentences = new ArrayList<>();
        Map<Integer, String> pictures = new LinkedHashMap<>();
        if (!told.isEmpty()) {
            Explainer ex = new Explainer(cfg, run.p2m(), lost, late, Set.of());
            Map<Integer, PageSvg> svgs = new LinkedHashMap<>();
            FactSink sink = ex;
            for (int p : told) {
                PageSvg svg = new PageSvg(cfg, p, ExplainCommand.failing(lost, late, p));
                svgs.put(p, svg);
                sink = FactSink.tee(sink, svg);
            }
            run.timeline(sink);
            for (int p : told) sentences.addAll(ExplainCommand.verdictLines(p, ex.verdicts(p), ids));
            svgs.forEach((p, svg) -> pictures.put(p, svg.svg(ids, "page " + p + " of " + run.run().runId())));
        }
        return new RunStory(sentences, pictures);
    }
}
