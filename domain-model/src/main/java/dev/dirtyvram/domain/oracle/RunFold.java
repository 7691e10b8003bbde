package dev.dirtyvram.domain.oracle;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.cost.CostModel;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.memory.Pte;

/**
 * The pure {@code apply}: folds a run's facts, in linearisation order, into the machine's memory image, the
 * oracle, the counters and the cost in cycles, and hashes the timeline (SHA-256) as it goes. The reference driver
 * feeds it as facts happen; live actor runs and replays feed it the merged journal; all get the same summary.
 */
public final class RunFold implements FactSink {
    private final CostModel cost;
    private final P2m p2m;
    private final Oracle oracle;
    private final long[] sl1e;
    private final long[] frames;
    /** Null when the run is not measured (a hunt's runs: only their verdicts count). */
    private final TimelineDigest digest;
    private long lastLseq;
    private long firstTime = Long.MIN_VALUE;
    private long lastTime;
    private boolean walkOpen;
    private boolean quiesced;
    private boolean finalHarvestDone;
    private long facts, guestWrites, guestReads, harvests, fallbacks, noData, faults, guestFaults, refusedStores, vmExits, tlbFlushes,
            ipis, harvestCycles, faultCycles, redrawCycles, memcmpCycles, writeAccessDrops, ringFullExits;

    public RunFold(SimConfig cfg, P2m p2m) {
        this(cfg, p2m, true);
    }

    /**
     * @param measured whether the run is measured: its timeline hashed and its display latencies kept. A run judged by
     *                 its verdicts alone (a hunt's, check's) needs neither: its summary's digest is empty and its
     *                 latencies are 0.
     */
    public RunFold(SimConfig cfg, P2m p2m, boolean measured) {
        this.digest = measured ? new TimelineDigest() : null;
        this.cost = cfg.cost();
        this.p2m = p2m;
        this.oracle = new Oracle(cfg.lfbPages(), measured);
        this.sl1e = new long[2 * cfg.lfbPages()];
        this.frames = new long[p2m.maxMfn()];
    }

    public Oracle oracle() { return oracle; }

    public long sl1e(int vpn) { return sl1e[vpn]; }

    public long frame(int mfn) { return frames[mfn]; }

    public long lastLseq() { return lastLseq; }

    /**
     * One fact. The common ones (stores, walks, D sets, loads) are handled here and the rest in {@link #other}, so
     * that this stays small enough for the JIT to inline into the caller of every fact.
     */
    @Override
    public void op(int actor, Op kind, int target, long value, long lseq, long time) {
        if (lseq <= lastLseq) outOfOrder(lseq);
        lastLseq = lseq;
        facts++;
        if (firstTime == Long.MIN_VALUE) firstTime = time;
        if (time > lastTime) lastTime = time;
        if (digest != null) digest.row(lseq, time, actor, (byte) kind.ordinal(), target, value);
        switch (kind) {
            case GUEST_WRITE, GUEST_WRITE_CACHED_D -> {
                frames[target] = value;
                guestWrites++;
                int page = p2m.lfbPageOfMfn(target);
                if (page >= 0) oracle.store(page, lseq, time);
            }
            case TLB_FILL, DIRTY_BIT_SET -> sl1e[target] = value;
            case GUEST_READ -> guestReads++;
            default -> other(kind, target, value, time);
        }
    }

    private void outOfOrder(long lseq) {
        throw new IllegalStateException("timeline out of order: lseq " + lseq + " after " + lastLseq);
    }

    private void other(Op kind, int target, long value, long time) {
        switch (kind) {
            case PAGE_FAULT -> {
                faults++;
                vmExits++;
                faultCycles += cost.cyclesOf(kind);
            }
            case GUEST_FAULT -> {
                guestFaults++;
                if (value != 0) refusedStores++;
            }
            case VM_EXIT -> vmExits++;
            case TLB_FLUSHED -> tlbFlushes++;
            case SHADOW_L1E_SET -> {
                sl1e[target] = value;
                if (walkOpen) harvestCycles += cost.cyclesOf(kind);
            }
            case PTE_READ, DIRTY_LOG_READ -> {
                if (walkOpen) harvestCycles += cost.cyclesOf(kind);
            }
            case PTE_WRITE_BACK -> {
                sl1e[target] = value;
                harvestCycles += cost.cyclesOf(kind);
            }
            case DIRTY_BIT_CLEARED -> {
                sl1e[target] = value & ~Pte.DIRTY;
                harvestCycles += cost.cyclesOf(kind);
            }
            case HARVEST_STARTED -> {
                walkOpen = true;
                if (value != 0) harvestCycles += cost.cyclesOf(kind);
            }
            case HARVEST_REPORTED -> {
                walkOpen = false;
                harvestCycles += value * cost.sl1maPerFrame();
            }
            case WRITE_ACCESS_DROPPED -> writeAccessDrops++;
            case DOMAIN_PAUSED -> harvestCycles += cost.cyclesOf(kind);
            case IPI_SENT -> {
                ipis++;
                if (walkOpen) harvestCycles += cost.cyclesOf(kind);
            }
            case MEMCMP_READ -> {
                harvestCycles += cost.cyclesOf(kind);
                memcmpCycles += cost.cyclesOf(kind);
                oracle.shown(target, value, time);
            }
            case REDRAW_READ -> {
                redrawCycles += cost.cyclesOf(kind);
                oracle.shown(target, value, time);
            }
            case QUIESCE -> quiesced = true;
            case GUEST_EVENT -> { }
            case DIRTY_RING_FULL -> {
                ringFullExits++;
                vmExits++;
                // the exit and the reset, and each entry collected and write-protected again
                faultCycles += cost.cyclesOf(kind) + value * (cost.cyclesOf(Op.PTE_READ) + cost.cyclesOf(Op.SHADOW_L1E_SET));
            }
            case PML_FULL -> {
                vmExits++;
                faultCycles += cost.cyclesOf(kind);
            }
            case PML_DRAINED -> {
                // value entries, each retyped and marked: the harvest's work when it drains, else the full exit's
                if (walkOpen) harvestCycles += value * cost.cyclesOf(kind);
                else faultCycles += value * cost.cyclesOf(kind);
            }
            default -> throw new IllegalStateException("unhandled fact " + kind);
        }
    }

    @Override
    public void harvest(HarvestCompleted h) {
        if (h.lseq() <= lastLseq) {
            throw new IllegalStateException("timeline out of order: harvest lseq " + h.lseq() + " after " + lastLseq);
        }
        lastLseq = h.lseq();
        facts++;
        lastTime = Math.max(lastTime, h.time());
        if (digest != null) {
            digest.row(h.lseq(), h.time(), h.actor(), (byte) 0xff, h.harvestId(), h.outcome().ordinal());
            for (long w : h.reported()) digest.word(w);
        }
        harvests++;
        if (h.outcome() == HarvestOutcome.FALLBACK) fallbacks++;
        if (h.outcome() == HarvestOutcome.NO_DATA) noData++;
        oracle.harvest(h);
        if (quiesced) finalHarvestDone = true;
    }

    public RunSummary summary() {
        boolean complete = quiesced && finalHarvestDone;
        String digest = this.digest == null ? "" : this.digest.hex();
        long[] latency = oracle.latencyPercentiles(50, 99, 100);
        long guestTime = firstTime == Long.MIN_VALUE ? 0 : lastTime - firstTime;
        long deviceModel = memcmpCycles + redrawCycles + harvests * cost.deviceModelRefresh();
        long hypervisor = harvestCycles - memcmpCycles + faultCycles;
        return new RunSummary(facts, guestWrites, guestReads, harvests, fallbacks, noData, faults, guestFaults, refusedStores,
                vmExits, tlbFlushes, ipis, oracle.unshown(), oracle.pagesWithUnshown(), oracle.lateReports(),
                oracle.spuriousDirty(), latency[0], latency[1], latency[2], harvestCycles, faultCycles, redrawCycles,
                writeAccessDrops, ringFullExits, cost.cpuPercent(deviceModel, guestTime), cost.cpuPercent(hypervisor, guestTime),
                guestTime, complete, digest);
    }
}
