package dev.dirtyvram.simulations.replay;

import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.memory.Pte;
import dev.dirtyvram.domain.oracle.StoreRanges;
import dev.dirtyvram.domain.paging.VirtualLayout;
import dev.dirtyvram.domain.vcpu.FlushReason;
import dev.dirtyvram.simulations.cli.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A run's timeline as Chrome trace-event JSON (the "JSON Object Format" that Perfetto's UI and chrome://tracing open):
 * one track (thread) per actor; slices (B/E) for harvests (the hypervisor's walk and flush, from the hypercall to its
 * report), pauses (on each paused VCPU) and redraws (the device model's reads, to the harvest's completion); instant
 * events (i, thread scope) for stores, D sets and clears, faults and flushes. A lost or late store is named so and has
 * {@code "lost": true} or {@code "late": true} in its args. Time is the run's clock in microseconds; a window of pages
 * and of time keeps the file small.
 */
final class TraceExport implements FactSink {
    private final Writer out;
    private final ActorIds ids;
    private final P2m p2m;
    private final VirtualLayout vl;
    private final int firstPage;
    private final int lastPage;
    private final long fromNs;
    private final long toNs;
    private final Map<Integer, StoreRanges> lost;
    private final Map<Integer, StoreRanges> late;
    private boolean first = true;
    private long events;
    private long lastTime;
    /** Per actor: an open slice's name, so that its end matches (null: none open). */
    private final String[] open;
    private final boolean[] paused;

    /**
     * @param firstPage the first of the LFB pages whose stores and PTE events go in (harvests, flushes and pauses: all)
     * @param lost      per page, its lost stores; {@code late} its late ones (from a first fold)
     */
    TraceExport(Writer out, ActorIds ids, P2m p2m, int firstPage, int lastPage, long fromNs, long toNs,
                Map<Integer, StoreRanges> lost, Map<Integer, StoreRanges> late) {
        this.out = out;
        this.ids = ids;
        this.p2m = p2m;
        this.vl = new VirtualLayout(p2m.lfbPages());
        this.firstPage = firstPage;
        this.lastPage = lastPage;
        this.fromNs = fromNs;
        this.toNs = toNs;
        this.lost = lost;
        this.late = late;
        this.open = new String[ids.count()];
        this.paused = new boolean[ids.count()];
    }

    /** The opening of the document and a name for each track. */
    void begin(String runId) {
        write("{\"displayTimeUnit\":\"ns\",\"otherData\":" + Json.object(Map.of("run", runId)) + ",\"traceEvents\":[\n");
        for (int a = 0; a < ids.count(); a++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", "thread_name");
            m.put("ph", "M");
            m.put("pid", 1);
            m.put("tid", a);
            m.put("args", Map.of("name", ids.name(a)));
            event(m);
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("name", "thread_sort_index");
            order.put("ph", "M");
            order.put("pid", 1);
            order.put("tid", a);
            order.put("args", Map.of("sort_index", a));
            event(order);
        }
    }

    /** Slices still open at the last fact are closed there; the document is closed. Returns the events written. */
    long end() {
        for (int a = 0; a < open.length; a++) {
            if (open[a] != null) slice("E", a, open[a], Math.min(lastTime, toNs), null);
        }
        write("\n]}\n");
        return events;
    }

    private boolean pageIn(int page) {
        return page >= firstPage && page <= lastPage;
    }

    private boolean timeIn(long t) {
        return t >= fromNs && t <= toNs;
    }

    @Override
    public void op(int actor, Op kind, int target, long value, long lseq, long time) {
        lastTime = Math.max(lastTime, time);
        switch (kind) {
            case HARVEST_STARTED -> {
                openSlice(actor, "harvest " + target, time);
            }
            case HARVEST_REPORTED -> {
                closeSlice(actor, time);
                for (int v = 0; v < ids.vcpus(); v++) {
                    if (paused[v]) {
                        paused[v] = false;
                        closeSlice(v, time);
                    }
                }
            }
            case DOMAIN_PAUSED -> {
                paused[target] = true;
                openSlice(target, "paused", time);
            }
            case REDRAW_READ, MEMCMP_READ -> {
                if (open[actor] == null) openSlice(actor, kind == Op.REDRAW_READ ? "redraw" : "memcmp", time);
            }
            case GUEST_WRITE, GUEST_WRITE_CACHED_D -> {
                int page = p2m.lfbPageOfMfn(target);
                if (page < 0 || !pageIn(page) || !timeIn(time)) return;
                boolean isLost = lost.getOrDefault(page, StoreRanges.NONE).contains(lseq);
                boolean isLate = !isLost && late.getOrDefault(page, StoreRanges.NONE).contains(lseq);
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("lseq", lseq);
                args.put("page", page);
                args.put("tlb", kind == Op.GUEST_WRITE_CACHED_D ? "cached D=1" : "sets D");
                if (isLost) args.put("lost", true);
                if (isLate) args.put("late", true);
                instant(actor, isLost ? "store LOST" : isLate ? "store LATE" : "store", time, args);
            }
            case DIRTY_BIT_SET, DIRTY_BIT_CLEARED, PAGE_FAULT -> {
                int page = vl.pageOfVpn(target);
                if (!pageIn(page) || !timeIn(time)) return;
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("lseq", lseq);
                args.put("page", page);
                args.put("vpn", target);
                if (kind != Op.PAGE_FAULT) args.put("pte", Pte.describe(kind == Op.DIRTY_BIT_CLEARED ? value & ~Pte.DIRTY : value));
                instant(actor, kind == Op.DIRTY_BIT_SET ? "D set" : kind == Op.DIRTY_BIT_CLEARED ? "D cleared" : "page fault", time, args);
            }
            case TLB_FLUSHED -> {
                if (!timeIn(time)) return;
                instant(actor, "TLB flush (" + FlushReason.of(target).name().toLowerCase(Locale.ROOT) + ")", time, Map.of("lseq", lseq));
            }
            default -> { }
        }
    }

    @Override
    public void harvest(HarvestCompleted h) {
        lastTime = Math.max(lastTime, h.time());
        closeSlice(h.actor(), h.time());
        if (!timeIn(h.time())) return;
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("harvest", h.harvestId());
        args.put("outcome", h.outcome().name().toLowerCase(Locale.ROOT));
        args.put("reported", h.reportedCount());
        instant(h.actor(), "harvest " + h.harvestId() + " completed", h.time(), args);
    }

    /** A slice begun outside the time window is left out, and so its end. */
    private void openSlice(int actor, String name, long time) {
        if (open[actor] != null) closeSlice(actor, time);
        if (!timeIn(time)) return;
        open[actor] = name;
        slice("B", actor, name, time, null);
    }

    /** A slice that ends after the time window is cut at the window's end. */
    private void closeSlice(int actor, long time) {
        if (open[actor] == null) return;
        slice("E", actor, open[actor], Math.min(time, toNs), null);
        open[actor] = null;
    }

    private void slice(String ph, int actor, String name, long time, Map<String, Object> args) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("ph", ph);
        m.put("ts", time / 1000.0);
        m.put("pid", 1);
        m.put("tid", actor);
        if (args != null) m.put("args", args);
        event(m);
    }

    private void instant(int actor, String name, long time, Map<String, Object> args) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("ph", "i");
        m.put("s", "t");
        m.put("ts", time / 1000.0);
        m.put("pid", 1);
        m.put("tid", actor);
        m.put("args", args);
        event(m);
    }

    private void event(Map<String, Object> m) {
        write((first ? "" : ",\n") + Json.object(m));
        first = false;
        events++;
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
