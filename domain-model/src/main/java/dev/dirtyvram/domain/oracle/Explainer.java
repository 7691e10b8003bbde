package dev.dirtyvram.domain.oracle;

import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.config.TlbMode;
import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.memory.Pte;
import dev.dirtyvram.domain.paging.VirtualLayout;
import dev.dirtyvram.domain.vcpu.FlushReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
/**
 * Follows one page (or a few) through a run's timeline: the causal story of its stores — which VCPU, through what
 * TLB state, which harvests read and cleared its PTE, which flushes and redraws followed — and a one-sentence verdict
 * for each store the oracle found lost. Fed the merged timeline, like {@link RunFold}.
 */
public final class Explainer implements FactSink {
    /** What the oracle found wrong with a store. */
    public enum Violation {
        LOST("lost", "was lost"), LATE("late", "was reported late (two harvests missed it)");

        public final String id;
        final String fate;

        Violation(String id, String fate) {
            this.id = id;
            this.fate = fate;
        }
    }

    /** Why a store went unseen: a failure's signature is its violation and this. */
    public enum Cause {
        /** logdirty-wp: a TLB entry still allowed writes after the PTE was write-protected, with no flush between. */
        STALE_RW_ENTRY("stale-rw-entry"),
        /** a TLB entry cached D=1 from before the harvest cleared the PTE's D, with no flush between. */
        STALE_D_ENTRY("stale-d-entry"),
        /** the D bit was set between a harvest's read and its plain store back, which wiped it. */
        WIPED_D_BIT("wiped-d-bit"),
        /**
         * write protection: a write fault made the page writable during a harvest, after the harvest protected it and
         * before it took the bitmap word that held the fault's bit (kvm.wp-before-swap): neither dirty nor protected.
         */
        WRITABLE_UNLOGGED("writable-unlogged"),
        /**
         * hap with PML: the D bit the store's VCPU set was logged in its PML log, and the next harvest read the p2m
         * types without draining that log (hap.drain-pml = off): the page stayed logdirty with D set.
         */
        PML_UNDRAINED("pml-undrained"),
        /** hap: the harvest retyped the page to logdirty, then failed to copy its bitmap out (hap.copy-out-fails-every). */
        COPY_OUT_FAILED("copy-out-failed"),
        /** dbit-paused cleared the D bit but reported another page (frames not contiguous). */
        WRONG_PAGE("wrong-page"),
        /** no harvest found a D bit or a logged fault for the page after the store, and no redraw read it. */
        UNREPORTED("unreported");

        public final String id;

        Cause(String id) {
            this.id = id;
        }
    }

    /** One lost (or late) store, why, and the facts that show it ({@code details}: the rest of the sentence). */
    public record Verdict(long lseq, long time, int vcpu, int page, Violation violation, Cause cause, String details) {
        /** The one renderer: "the write by d1v0 at 12.000 ms (lseq 42) was lost because ...". */
        public String sentence(ActorIds ids) {
            return "the write by " + ids.name(vcpu) + " at " + t(time) + " (lseq " + lseq + ") " + violation.fate + details;
        }
    }

    private record Why(Cause cause, String details) {}

    private final SimConfig cfg;
    private final P2m p2m;
    private final ActorIds ids;
    private final VirtualLayout vl;
    private final Map<Integer, PageStory> stories = new HashMap<>();
    private int harvest;
    private boolean walkOpen;
    /** The lseq the harvest under way (or the last) started at. */
    private long harvestStart;
    /** Per VCPU: the lseq its PML log was last drained at. */
    private final long[] lastPmlDrain;

    /**
     * {@code lost} and {@code late}: per page, its lost and its late stores (from a first fold's {@link Oracle});
     * their verdicts are built. {@code timelines}: the pages whose whole story is kept.
     */
    public Explainer(SimConfig cfg, P2m p2m, Map<Integer, StoreRanges> lost, Map<Integer, StoreRanges> late, Set<Integer> timelines) {
        this.cfg = cfg;
        this.p2m = p2m;
        this.ids = new ActorIds(cfg.vcpus());
        this.vl = new VirtualLayout(cfg.lfbPages());
        this.lastPmlDrain = new long[cfg.vcpus()];
        for (int page : lost.keySet()) story(page).lost = lost.get(page);
        for (int page : late.keySet()) story(page).late = late.get(page);
        for (int page : timelines) story(page).keepLines = true;
    }

    private PageStory story(int page) {
        return stories.computeIfAbsent(page, p -> new PageStory(p, cfg.vcpus()));
    }

    /** The page a vpn of either mapping reaches, when it is one we follow. */
    private PageStory byVpn(int vpn) {
        return stories.get(vl.pageOfVpn(vpn));
    }

    private static final class PageStory {
        final int page;
        final List<String> lines = new ArrayList<>();
        boolean keepLines;
        StoreRanges lost = StoreRanges.NONE;
        StoreRanges late = StoreRanges.NONE;
        final List<Verdict> verdicts = new ArrayList<>();
        /**
         * Per verdict still "unreported": the lseq its VCPU's D set came at, for what happens after the store (a wipe, a
         * clear whose harvest reports another page).
         */
        final Map<Integer, Long> unreportedSince = new HashMap<>();
        /** Per VCPU: lseq of the fill (or D set) that put D=1 in its entry for this page; 0 when none cached. */
        final long[] entryDirtySince;
        long lastDirtyClear;
        int lastDirtyClearHarvest;
        long lastRwRemoval;
        int lastRwRemovalHarvest;
        /** A write fault's RW, given while a harvest was under way (a lock-free fault). */
        long rwGrantedInWalk;
        int rwGrantedHarvest;
        long lastHarvestRead = -1;
        long lastHarvestReadLseq;
        long lastWipe;
        int lastWipeHarvest;
        long lastWipeRead;
        long lastDirtySet;
        long misreportedClear;
        int misreportedHarvest;
        long clearInThisHarvest;
        /** An open run of consecutive stores of one kind (any VCPU), printed as one line when it ends. */
        String runWhat;
        long runFirst;
        long runFirstTime;
        long runLast;
        int runCount;
        final TreeSet<String> runBy = new TreeSet<>();

        PageStory(int page, int vcpus) {
            this.page = page;
            this.entryDirtySince = new long[vcpus];
        }
    }

    private static String t(long time) {
        return String.format(Locale.ROOT, "t=%.3fms", time / 1e6);
    }

    private void line(PageStory s, long lseq, long time, int actor, String what) {
        if (!s.keepLines) return;
        closeRun(s);
        s.lines.add(format(lseq, time, ids.name(actor), what));
    }

    private String format(long lseq, long time, String who, String what) {
        return String.format(Locale.ROOT, "lseq %-10d %-14s %-8s %s", lseq, t(time), who, what);
    }

    /** Consecutive stores of the same kind collapse into one line, whichever VCPUs made them. */
    private void store(PageStory s, long lseq, long time, int actor, String what) {
        if (!s.keepLines) return;
        if (!what.equals(s.runWhat)) {
            closeRun(s);
            s.runWhat = what;
            s.runFirst = lseq;
            s.runFirstTime = time;
        }
        s.runLast = lseq;
        s.runCount++;
        s.runBy.add(ids.name(actor));
    }

    private void closeRun(PageStory s) {
        if (s.runWhat == null) return;
        String who = String.join(",", s.runBy);
        s.lines.add(format(s.runFirst, s.runFirstTime, who, s.runCount == 1 ? s.runWhat
                : s.runCount + " x " + s.runWhat + " (through lseq " + s.runLast + ")"));
        s.runWhat = null;
        s.runCount = 0;
        s.runBy.clear();
    }

    @Override
    public void op(int actor, Op kind, int target, long value, long lseq, long time) {
        switch (kind) {
            case HARVEST_STARTED -> {
                harvest = target;
                harvestStart = lseq;
                walkOpen = true;
                for (PageStory s : stories.values()) s.clearInThisHarvest = 0;
            }
            case HARVEST_REPORTED -> walkOpen = false;
            case TLB_FLUSHED -> {
                for (PageStory s : stories.values()) {
                    s.entryDirtySince[actor] = 0;
                    if (s.keepLines) line(s, lseq, time, actor, "TLB flushed (" + FlushReason.of(target).name().toLowerCase(Locale.ROOT) + ")");
                }
            }
            case GUEST_EVENT -> {
                for (PageStory s : stories.values()) {
                    line(s, lseq, time, actor, "guest event " + GuestEventKind.of(target).id + " from page " + value);
                }
            }
            case QUIESCE -> {
                for (PageStory s : stories.values()) line(s, lseq, time, actor, "quiesce: guests stopped");
            }
            case PML_DRAINED -> {
                lastPmlDrain[target] = lseq;
                for (PageStory s : stories.values()) line(s, lseq, time, actor, "PML log of " + ids.name(target) + " drained: " + value + " entries");
            }
            case WRITE_ACCESS_DROPPED -> {
                for (PageStory s : stories.values()) line(s, lseq, time, actor, "sl1ma: clean for the idle drop, write access removed");
            }
            default -> pageOp(actor, kind, target, value, lseq, time);
        }
    }

    private void pageOp(int actor, Op kind, int target, long value, long lseq, long time) {
        PageStory s;
        switch (kind) {
            case TLB_FILL, DIRTY_BIT_SET -> {
                s = byVpn(target);
                if (s == null) return;
                if (actor < cfg.vcpus() && Pte.present(value) && Pte.dirty(value)) {
                    s.entryDirtySince[actor] = lseq;
                    s.lastDirtySet = lseq;
                }
                line(s, lseq, time, actor, (kind == Op.TLB_FILL ? "walk (TLB fill): " : "D set through entry: ")
                        + Pte.describe(value) + " vpn " + target);
            }
            case GUEST_WRITE, GUEST_WRITE_CACHED_D -> {
                s = stories.get(p2m.lfbPageOfMfn(target));
                if (s == null) return;
                boolean cached = kind == Op.GUEST_WRITE_CACHED_D;
                store(s, lseq, time, actor, cached ? "store through entry with D=1 cached (PTE untouched)" : "store (D set by its walk)");
                if (s.lost.contains(lseq)) s.verdicts.add(verdict(s, actor, lseq, time, cached, Violation.LOST));
                else if (s.late.contains(lseq)) s.verdicts.add(verdict(s, actor, lseq, time, cached, Violation.LATE));
            }
            case PAGE_FAULT -> {
                s = byVpn(target);
                if (s != null) line(s, lseq, time, actor, "page fault (" + (value == 1 ? "write to read-only" : "not present") + ") vpn " + target);
            }
            case SHADOW_L1E_SET -> {
                s = byVpn(target);
                if (s == null) return;
                if (walkOpen && Pte.present(value) && !Pte.writable(value)) {
                    s.lastRwRemoval = lseq;
                    s.lastRwRemovalHarvest = harvest;
                } else if (walkOpen && Pte.writable(value)) {
                    s.rwGrantedInWalk = lseq;
                    s.rwGrantedHarvest = harvest;
                }
                line(s, lseq, time, actor, "shadowSetL1e vpn " + target + " := " + Pte.describe(value));
            }
            case PTE_READ -> {
                s = byVpn(target);
                if (s == null) return;
                if (walkOpen) {
                    s.lastHarvestRead = value;
                    s.lastHarvestReadLseq = lseq;
                }
                line(s, lseq, time, actor, "harvest " + harvest + " reads vpn " + target + ": " + Pte.describe(value));
            }
            case DIRTY_BIT_CLEARED -> {
                s = byVpn(target);
                if (s == null) return;
                if (Pte.dirty(value)) noteClear(s, lseq);
                line(s, lseq, time, actor, "harvest " + harvest + " test-and-clears D of vpn " + target + " (was " + Pte.describe(value) + ")");
            }
            case PTE_WRITE_BACK -> {
                s = byVpn(target);
                if (s == null) return;
                boolean readHadD = s.lastHarvestRead >= 0 && Pte.dirty(s.lastHarvestRead);
                if (readHadD) noteClear(s, lseq);
                else if (s.lastDirtySet > s.lastHarvestReadLseq) {
                    s.lastWipe = lseq;
                    s.lastWipeHarvest = harvest;
                    s.lastWipeRead = s.lastHarvestReadLseq;
                    rejudge(s, (v, since) -> since > s.lastWipeRead && since < s.lastWipe, Cause.WIPED_D_BIT, (v, since) -> wiped(s, since));
                }
                line(s, lseq, time, actor, "harvest " + harvest + " stores vpn " + target + " back (plain read-modify-write): " + Pte.describe(value));
            }
            case MEMCMP_READ, REDRAW_READ -> {
                s = stories.get(target);
                if (s == null) return;
                line(s, lseq, time, actor, (kind == Op.MEMCMP_READ ? "memcmp reads" : "redraw reads") + " content of store " + value);
            }
            default -> { }
        }
    }

    private void noteClear(PageStory s, long lseq) {
        s.lastDirtyClear = lseq;
        s.lastDirtyClearHarvest = harvest;
        s.clearInThisHarvest = lseq;
    }

    @Override
    public void harvest(HarvestCompleted h) {
        for (PageStory s : stories.values()) {
            boolean rep = h.reported(s.page);
            if (s.clearInThisHarvest > 0 && !rep) {
                s.misreportedClear = s.clearInThisHarvest;
                s.misreportedHarvest = h.harvestId();
                rejudge(s, (v, since) -> since < s.misreportedClear, Cause.WRONG_PAGE, (v, since) -> wrongPage(s));
            }
            if (h.outcome() == HarvestOutcome.COPY_FAILED) {
                rejudge(s, (v, since) -> since < harvestStart, Cause.COPY_OUT_FAILED, (v, since) -> " because harvest "
                        + h.harvestId() + " retyped the page back to logdirty and then failed to copy its bitmap out: the device"
                        + " model drew nothing, and nothing reports a page the harvest already took");
            }
            if (cfg.pml() && !rep) {
                rejudge(s, (v, since) -> since < harvestStart && lastPmlDrain[v.vcpu()] < since, Cause.PML_UNDRAINED,
                        (v, since) -> " because the D bit " + ids.name(v.vcpu()) + " set at lseq " + since + " was logged in its PML log,"
                                + " and harvest " + h.harvestId() + " read the p2m types without draining that log ("
                                + (lastPmlDrain[v.vcpu()] == 0 ? "never drained" : "last drained at lseq " + lastPmlDrain[v.vcpu()])
                                + "): the page stayed logdirty with its D bit set, so its later stores logged nothing");
            }
            line(s, h.lseq(), h.time(), h.actor(), "harvest " + h.harvestId() + " (" + h.outcome().name().toLowerCase(Locale.ROOT)
                    + ") " + (rep ? "REPORTED the page" : "did not report the page") + (h.flushed() ? ", flushed" : ", no flush"));
        }
    }

    private Verdict verdict(PageStory s, int vcpu, long lseq, long time, boolean cached, Violation violation) {
        Why why = cause(s, vcpu, cached);
        if (why.cause() == Cause.UNREPORTED && s.entryDirtySince[vcpu] > 0) s.unreportedSince.put(s.verdicts.size(), s.entryDirtySince[vcpu]);
        return new Verdict(lseq, time, vcpu, s.page, violation, why.cause(), why.details());
    }

    /**
     * What happened after a store judged "unreported" explains it: each such verdict whose D set ({@code since}) the
     * event concerns gets the event's cause instead.
     */
    private void rejudge(PageStory s, BiPredicate<Verdict, Long> concerns, Cause cause, BiFunction<Verdict, Long, String> details) {
        for (var it = s.unreportedSince.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            long since = e.getValue();
            Verdict v = s.verdicts.get(e.getKey());
            if (!concerns.test(v, since)) continue;
            s.verdicts.set(e.getKey(), new Verdict(v.lseq(), v.time(), v.vcpu(), v.page(), v.violation(), cause, details.apply(v, since)));
            it.remove();
        }
    }

    private static String wrongPage(PageStory s) {
        return " because harvest " + s.misreportedHarvest + " found and cleared its D bit at lseq " + s.misreportedClear
                + " but reported another page: mfn - first_mfn does not name the page when the frames are not contiguous";
    }

    private static String wiped(PageStory s, long since) {
        return " because its D bit, set at lseq " + since + ", was wiped by harvest " + s.lastWipeHarvest
                + "'s plain read-modify-write (read at lseq " + s.lastWipeRead + " before the D was set, stored back"
                + " without it at lseq " + s.lastWipe + ")";
    }

    /** Why the store went unseen, with the rest of the verdict's sentence. */
    private Why cause(PageStory s, int vcpu, boolean cached) {
        String noFlush = cfg.tlbMode() == TlbMode.UNTAGGED
                ? "and neither a flush nor a VM exit (which empties an untagged TLB) of " + ids.name(vcpu) + " came between"
                : "and no flush of " + ids.name(vcpu) + " followed";
        long since = s.entryDirtySince[vcpu];
        if (cfg.writeProtects() && s.lastRwRemoval > since && since > 0) {
            return new Why(Cause.STALE_RW_ENTRY, " because its TLB entry, filled at lseq " + since + ", still allowed writes after harvest "
                    + s.lastRwRemovalHarvest + " write-protected the PTE at lseq " + s.lastRwRemoval + ", " + noFlush
                    + ": the store neither faulted nor was logged");
        }
        if (cfg.writeProtects() && s.rwGrantedInWalk > s.lastRwRemoval) {
            return new Why(Cause.WRITABLE_UNLOGGED, " because a write fault made its entry writable at lseq " + s.rwGrantedInWalk
                    + ", while harvest " + s.rwGrantedHarvest + " was under way, and no harvest write-protected it since: the"
                    + " harvest took the bitmap word that held the fault's bit after it had protected the page, so the page"
                    + " was neither dirty in the bitmap nor write-protected, and the store neither faulted nor was logged");
        }
        if (cached && since > 0 && s.lastDirtyClear > since) {
            return new Why(Cause.STALE_D_ENTRY, " because its TLB entry cached D=1 from lseq " + since + ", before harvest "
                    + s.lastDirtyClearHarvest + " cleared the PTE's D bit at lseq " + s.lastDirtyClear + ", " + noFlush
                    + ": the store set no D bit");
        }
        if (since > 0 && s.lastWipe > since && since > s.lastWipeRead) {
            return new Why(Cause.WIPED_D_BIT, wiped(s, since));
        }
        if (since > 0 && s.misreportedClear > since) return new Why(Cause.WRONG_PAGE, wrongPage(s));
        return new Why(Cause.UNREPORTED, ": no harvest after it found a D bit or a logged fault for page " + s.page
                + ", and no redraw read it");
    }

    public List<String> lines(int page) {
        PageStory s = stories.get(page);
        if (s == null) return List.of();
        closeRun(s);
        return s.lines;
    }

    public List<Verdict> verdicts(int page) {
        PageStory s = stories.get(page);
        return s == null ? List.of() : s.verdicts;
    }
}
