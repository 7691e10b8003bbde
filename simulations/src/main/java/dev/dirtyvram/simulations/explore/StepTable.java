package dev.dirtyvram.simulations.explore;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.memory.Pte;
import dev.dirtyvram.domain.oracle.Explainer;
import dev.dirtyvram.domain.paging.VirtualLayout;
import dev.dirtyvram.domain.vcpu.FlushReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A shrunk run's steps that matter for its failing page, one row each, one column per actor when printed: fills, D
 * sets and clears, sl1e reads and stores, flushes, the failing store, harvests and redraws. A run of identical rows
 * becomes one row.
 */
public final class StepTable implements FactSink {
    public record Row(long lseq, long time, int actor, String what) {}

    private final int page;
    private final int kernelVpn;
    private final int aliasVpn;
    private final int mfn;
    private final int vcpus;
    private final long failing;
    public final List<Row> rows = new ArrayList<>();
    private int repeats;

    public StepTable(SimConfig cfg, Explainer.Verdict v) {
        this.page = v.page();
        this.kernelVpn = page;
        this.aliasVpn = new VirtualLayout(cfg.lfbPages()).aliasVpn(page);
        this.mfn = Machine.p2m(cfg).mfnOfLfbPage(page);
        this.vcpus = cfg.vcpus();
        this.failing = v.lseq();
    }

    private boolean mine(int vpn) {
        return vpn == kernelVpn || vpn == aliasVpn;
    }

    @Override
    public void op(int actor, Op kind, int target, long value, long lseq, long time) {
        String what = switch (kind) {
            case TLB_FILL -> mine(target) ? "walk: " + Pte.describe(value) : null;
            case DIRTY_BIT_SET -> mine(target) ? "sets D: " + Pte.describe(value) : null;
            case GUEST_WRITE -> target == mfn ? (lseq == failing ? ">> STORE (the failing one)" : "store") : null;
            case GUEST_WRITE_CACHED_D -> target == mfn ? (lseq == failing ? ">> STORE via cached D=1 (the failing one)" : "store via cached D=1") : null;
            case PAGE_FAULT -> mine(target) ? "page fault" : null;
            case SHADOW_L1E_SET -> mine(target) ? "sl1e := " + Pte.describe(value) : null;
            case PTE_READ -> mine(target) ? "reads sl1e: " + Pte.describe(value) : null;
            case DIRTY_BIT_CLEARED -> mine(target) ? "clears D (was " + Pte.describe(value) + ")" : null;
            case PTE_WRITE_BACK -> mine(target) ? "stores sl1e back: " + Pte.describe(value) : null;
            case TLB_FLUSHED -> actor < vcpus ? "TLB flushed (" + FlushReason.of(target).name().toLowerCase(Locale.ROOT) + ")" : null;
            case HARVEST_STARTED -> "harvest " + target + " begins";
            case REDRAW_READ, MEMCMP_READ -> target == page ? "redraw shows store " + value : null;
            default -> null;
        };
        if (what != null) add(new Row(lseq, time, actor, what));
    }

    @Override
    public void harvest(HarvestCompleted h) {
        add(new Row(h.lseq(), h.time(), h.actor(), "harvest " + h.harvestId() + (h.reported(page) ? " REPORTS page " : " misses page ") + page));
    }

    private void add(Row r) {
        Row last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        if (last != null && last.actor() == r.actor() && last.what().replaceFirst(" x\\d+$", "").equals(r.what()) && !r.what().startsWith(">>")) {
            repeats++;
            rows.set(rows.size() - 1, new Row(last.lseq(), last.time(), last.actor(), r.what() + " x" + (repeats + 1)));
            return;
        }
        repeats = 0;
        rows.add(r);
    }

    public void print(ActorIds ids) {
        System.out.print(text(ids));
    }

    /** The table as printed: a header, then a row a step with its actor's column filled. */
    public String text(ActorIds ids) {
        StringBuilder out = new StringBuilder();
        int w = 36;
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%8s %10s", "lseq", "ms"));
        for (int a = 0; a < ids.count(); a++) head.append(" | ").append(String.format(Locale.ROOT, "%-" + w + "s", ids.name(a)));
        out.append(head).append('\n');
        for (Row r : rows) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%8d %10.3f", r.lseq(), r.time() / 1e6));
            for (int a = 0; a < ids.count(); a++) {
                String cell = a == r.actor() ? r.what() : "";
                if (cell.length() > w) cell = cell.substring(0, w - 1) + "…";
                b.append(" | ").append(String.format(Locale.ROOT, "%-" + w + "s", cell));
            }
            out.append(b.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
