package dev.dirtyvram.simulations.replay;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.memory.Pte;
import dev.dirtyvram.domain.oracle.Oracle;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.domain.oracle.StoreRanges;
import dev.dirtyvram.domain.paging.VirtualLayout;
import dev.dirtyvram.domain.vcpu.FlushReason;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Json;
import dev.dirtyvram.simulations.cli.Options;
import dev.dirtyvram.simulations.cli.Verbosity;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write a run's timeline: one JSON object per fact in lseq order "
        + "(jsonl, schema: docs/export-schema.md), or Chrome trace-event JSON that Perfetto's UI and chrome://tracing open (trace).")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    RunSource source = new RunSource();

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (default) or trace.")
    String format;

    @Option(names = "--pages", description = "trace: the LFB pages whose stores and PTE events go in, A-B or A (default: all).")
    String pages;

    @Option(names = "--from", description = "trace: leave out events before this run time, e.g. 500ms.")
    String from;

    @Option(names = "--to", description = "trace: leave out events after this run time.")
    String to;

    @Option(names = {"-o", "--output"}, description = "File to write (default: standard output).")
    Path output;

    @Mixin
    Verbosity verbosity = new Verbosity();

    @Override
    public Integer call() throws IOException {
        Config pekko = verbosity.apply();
        if (!format.equals("jsonl") && !format.equals("trace")) throw new BadInputException("unknown export format '" + format + "' (jsonl, trace)");
        if (format.equals("jsonl") && (pages != null || from != null || to != null)) {
            throw new BadInputException("--pages, --from and --to choose what a trace shows: give --format trace");
        }
        long fromNs = from == null ? Long.MIN_VALUE : Options.duration("--from", from);
        long toNs = to == null ? Long.MAX_VALUE : Options.duration("--to", to);
        if (fromNs > toNs) throw new BadInputException("--from " + from + " is after --to " + to);
        if (output != null && Files.isDirectory(output)) throw new BadInputException("cannot write " + output + ": it is a directory (give a file name)");
        LoadedRun run = LoadedRun.open(source.open(), pekko);
        Path tmp = null;
        Writer w;
        if (output == null) {
            w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        } else {
            // Beside the output, made as any file is (createTempFile would make it readable by its owner only).
            tmp = output.toAbsolutePath().resolveSibling("." + output.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try {
                w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException | RuntimeException e) {
                throw new BadInputException("cannot write " + output + ": " + BadInputException.reason(e));
            }
        }
        boolean moved = false;
        try {
            try (Writer out = w) {
                if (format.equals("jsonl")) run.timeline(new Jsonl(out, run.ids(), run.p2m(), run.scenario().cfg().lfbPages()));
                else trace(run, out, fromNs, toNs);
            } catch (UncheckedIOException e) {
                throw new BadInputException("cannot write " + (output == null ? "standard output" : output) + ": " + e.getCause().getMessage());
            }
            // A partial export is never left under the asked-for name.
            if (tmp != null) {
                try {
                    Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new BadInputException("cannot write " + output + ": " + BadInputException.reason(e));
                }
            }
            moved = true;
        } finally {
            if (tmp != null && !moved) Files.deleteIfExists(tmp); // nor a partial one beside it
        }
        return ExitStatus.OK.code;
    }

    /** The trace of {@link TraceExport}: a first fold finds the lost and late stores, the second writes. */
    private void trace(LoadedRun run, Writer out, long fromNs, long toNs) {
        int n = run.scenario().cfg().lfbPages();
        int[] range = pageRange(n);
        RunFold fold = new RunFold(run.scenario().cfg(), run.p2m(), false);
        for (int p = range[0]; p <= range[1] && p - range[0] < Oracle.LATE_PAGES; p++) fold.oracle().watch(p);
        run.timeline(fold);
        Map<Integer, StoreRanges> lost = new HashMap<>();
        Map<Integer, StoreRanges> late = new HashMap<>();
        for (int p = range[0]; p <= range[1]; p++) {
            if (fold.summary().complete()) lost.put(p, fold.oracle().unshown(p));
            late.put(p, fold.oracle().late(p));
        }
        TraceExport t = new TraceExport(out, run.ids(), run.p2m(), range[0], range[1], fromNs, toNs, lost, late);
        t.begin(run.run().runId());
        run.timeline(t);
        long events = t.end();
        System.err.println("wrote " + events + " trace events" + (output == null ? "" : " to " + output)
                + " (open it in https://ui.perfetto.dev or chrome://tracing)");
    }

    /** {@code --pages}: A-B or A, inside the LFB; all of it when not given. */
    private int[] pageRange(int n) {
        if (pages == null) return new int[] {0, n - 1};
        String[] ab = pages.split("-", 2);
        int a;
        int b;
        try {
            a = Integer.parseInt(ab[0].strip());
            b = ab.length == 2 ? Integer.parseInt(ab[1].strip()) : a;
        } catch (NumberFormatException e) {
            throw new BadInputException("--pages takes A-B or A, got '" + pages + "'");
        }
        if (a < 0 || b >= n || a > b) throw new BadInputException("--pages must lie in [0, " + n + ") with A <= B, got " + pages);
        return new int[] {a, b};
    }

    /** The jsonl schema of docs/export-schema.md. */
    static final class Jsonl implements FactSink {
        private final Writer out;
        private final ActorIds ids;
        private final P2m p2m;
        private final int pages;
        private final VirtualLayout vl;

        Jsonl(Writer out, ActorIds ids, P2m p2m, int pages) {
            this.out = out;
            this.ids = ids;
            this.p2m = p2m;
            this.pages = pages;
            this.vl = new VirtualLayout(pages);
        }

        private static String hex(long v) {
            return "0x" + Long.toHexString(v);
        }

        @Override
        public void op(int actor, Op kind, int target, long value, long lseq, long time) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lseq", lseq);
            m.put("type", kind.name().toLowerCase(Locale.ROOT));
            m.put("actor", ids.name(actor));
            m.put("time", time);
            switch (kind) {
                case TLB_FILL, DIRTY_BIT_SET, SHADOW_L1E_SET, PTE_READ, PTE_WRITE_BACK, DIRTY_BIT_CLEARED -> {
                    m.put("vpn", target);
                    m.put("page", vl.pageOfVpn(target));
                    m.put("mapping", vl.inLfbRange(target) ? "kernel" : "alias");
                    long pte = kind == Op.DIRTY_BIT_CLEARED ? value & ~Pte.DIRTY : value;
                    m.put("pte", hex(pte));
                    m.put("flags", Pte.describe(pte));
                    if (kind == Op.DIRTY_BIT_CLEARED) m.put("wasDirty", Pte.dirty(value));
                }
                case GUEST_WRITE, GUEST_WRITE_CACHED_D, GUEST_READ -> {
                    m.put("page", p2m.lfbPageOfMfn(target));
                    m.put("mfn", hex(target));
                    m.put("stamp", value);
                    if (kind != Op.GUEST_READ) m.put("tlb", kind == Op.GUEST_WRITE_CACHED_D ? "cached-dirty" : "sets-dirty");
                }
                case PAGE_FAULT -> {
                    m.put("vpn", target);
                    m.put("reason", value == 1 ? "write-protected" : "not-present");
                }
                case GUEST_FAULT -> m.put("vpn", target);
                case VM_EXIT, DOMAIN_PAUSED, IPI_SENT -> m.put("vcpu", ids.name(target));
                case TLB_FLUSHED -> m.put("reason", FlushReason.of(target).name().toLowerCase(Locale.ROOT));
                case HARVEST_STARTED -> {
                    m.put("harvest", target);
                    m.put("hypercall", value != 0);
                }
                case HARVEST_REPORTED -> {
                    m.put("harvest", target);
                    m.put("framesLookedUp", value);
                }
                case MEMCMP_READ, REDRAW_READ -> {
                    m.put("page", target);
                    m.put("stamp", value);
                }
                case GUEST_EVENT -> {
                    m.put("event", GuestEventKind.of(target).id);
                    m.put("first", value);
                }
                case QUIESCE, WRITE_ACCESS_DROPPED -> { }
                case DIRTY_LOG_READ -> {
                    m.put("word", target);
                    m.put("bits", hex(value));
                }
                case DIRTY_RING_FULL -> {
                    m.put("vcpu", ids.name(target));
                    m.put("collected", value);
                }
                case PML_FULL -> {
                    m.put("vcpu", ids.name(target));
                    m.put("vpn", value);
                }
                case PML_DRAINED -> {
                    m.put("vcpu", ids.name(target));
                    m.put("entries", value);
                }
                default -> throw new IllegalStateException(kind.toString());
            }
            write(m);
        }

        @Override
        public void harvest(HarvestCompleted h) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lseq", h.lseq());
            m.put("type", "harvest_completed");
            m.put("actor", ids.name(h.actor()));
            m.put("time", h.time());
            m.put("harvest", h.harvestId());
            m.put("outcome", h.outcome().name().toLowerCase(Locale.ROOT));
            List<Integer> reported = new ArrayList<>();
            for (int p = 0; p < pages; p++) if (h.reported(p)) reported.add(p);
            m.put("pages", reported);
            m.put("flushed", h.flushed());
            m.put("paused", h.paused());
            write(m);
        }

        private void write(Map<String, Object> m) {
            try {
                out.write(Json.object(m));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
