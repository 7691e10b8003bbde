package dev.dirtyvram.domain.oracle;

import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.memory.Pte;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which protocol situations a run reached, from its facts in linearisation order: the windows the strategies' races
 * live in. A hunt or a check that never reached one has not tested what happens there, and says so instead of
 * implying safety. Memory: a few words per VCPU and frame.
 */
public final class Coverage implements FactSink {
    public enum Situation {
        STORE_IN_CLEAR_WINDOW("store-in-clear-window", "a D bit set (a store) between a harvest's read of an sl1e and its store back (a clear, a re-protection)"),
        STALE_D_STORE("stale-d-store", "a store through a TLB entry that cached D=1 after the PTE's D bit was cleared"),
        D_SET_DURING_HARVEST("d-set-during-harvest", "a D bit set while a harvest held the shadow lock"),
        FAULT_DURING_HARVEST("fault-during-harvest", "a VCPU's page fault while a harvest held the shadow lock"),
        STORE_DURING_REDRAW("store-during-redraw", "a store to the LFB while the device model redrew after a report"),
        FILL_DURING_FLUSH("fill-during-flush", "a TLB fill between the IPI that asks a VCPU to flush and its flush"),
        MAPPING_CHANGE_WHILE_DROPPED("mapping-change-while-dropped", "an alias or remap made or removed while write access was dropped");

        public final String id;
        public final String description;

        Situation(String id, String description) {
            this.id = id;
            this.description = description;
        }
    }

    private final int vcpus;
    private final EnumSet<Situation> reached = EnumSet.noneOf(Situation.class);
    /** Per vpn: a harvest read its sl1e and has not stored it back yet. */
    private boolean[] readPending = new boolean[64];
    /** Per vpn: the walk's last read of it found D set (what a retype that keeps the entry writable then clears). */
    private boolean[] readDirty = new boolean[64];
    /** Per VCPU, per mfn: the lseq at which its TLB cached D=1 for the frame (0: not cached). */
    private final long[][] cachedD;
    /** Per mfn: the lseq of the last clear of a D bit mapping it. */
    private long[] clearedAt = new long[64];
    private final long[] flushedAt;
    private final boolean[] ipiPending;
    private boolean harvesting;
    private boolean redrawing;
    private boolean dropped;

    public Coverage(int vcpus) {
        this.vcpus = vcpus;
        this.cachedD = new long[vcpus][];
        for (int v = 0; v < vcpus; v++) cachedD[v] = new long[64];
        this.flushedAt = new long[vcpus];
        this.ipiPending = new boolean[vcpus];
    }

    @Override
    public void op(int actor, Op kind, int target, long value, long lseq, long time) {
        switch (kind) {
            case HARVEST_STARTED -> harvesting = true;
            case HARVEST_REPORTED -> {
                harvesting = false;
                redrawing = true;
                Arrays.fill(readPending, false);
            }
            case PTE_READ -> {
                if (harvesting && actor == vcpus) { // a fault's read is not the walk's
                    readPending = set(readPending, target);
                    readDirty = grow(readDirty, target);
                    readDirty[target] = Pte.dirty(value);
                }
            }
            case SHADOW_L1E_SET -> {
                if (target < readPending.length) readPending[target] = false;
                // the walk's retype of an entry it read dirty and leaves writable (HAP's to logdirty with PML) clears its D
                if (harvesting && actor == vcpus && target < readDirty.length && readDirty[target] && Pte.present(value)
                        && Pte.writable(value) && !Pte.dirty(value)) {
                    int mfn = Pte.mfn(value);
                    clearedAt = grow(clearedAt, mfn);
                    clearedAt[mfn] = lseq;
                }
            }
            case DIRTY_BIT_CLEARED, PTE_WRITE_BACK -> {
                if (target < readPending.length) readPending[target] = false;
                int mfn = Pte.mfn(value);
                clearedAt = grow(clearedAt, mfn);
                clearedAt[mfn] = lseq;
            }
            case TLB_FILL, DIRTY_BIT_SET -> {
                if (!Pte.dirty(value) || actor >= vcpus) break;
                if (target < readPending.length && readPending[target]) reached.add(Situation.STORE_IN_CLEAR_WINDOW);
                if (harvesting) reached.add(Situation.D_SET_DURING_HARVEST);
                if (kind == Op.TLB_FILL && ipiPending[actor]) reached.add(Situation.FILL_DURING_FLUSH);
                int mfn = Pte.mfn(value);
                cachedD[actor] = grow(cachedD[actor], mfn);
                cachedD[actor][mfn] = lseq;
            }
            case GUEST_WRITE_CACHED_D -> {
                if (actor >= vcpus) break;
                long cached = target < cachedD[actor].length ? cachedD[actor][target] : 0;
                if (cached > flushedAt[actor] && target < clearedAt.length && clearedAt[target] > cached) {
                    reached.add(Situation.STALE_D_STORE);
                }
                if (redrawing) reached.add(Situation.STORE_DURING_REDRAW);
            }
            case GUEST_WRITE -> {
                if (redrawing) reached.add(Situation.STORE_DURING_REDRAW);
            }
            case PAGE_FAULT -> {
                if (harvesting) reached.add(Situation.FAULT_DURING_HARVEST);
                dropped = false; // a write fault re-arms tracking
            }
            case IPI_SENT -> {
                if (target < vcpus) ipiPending[target] = true;
            }
            case TLB_FLUSHED -> {
                if (actor < vcpus) {
                    ipiPending[actor] = false;
                    flushedAt[actor] = lseq;
                }
            }
            case WRITE_ACCESS_DROPPED -> dropped = true;
            case GUEST_EVENT -> {
                GuestEventKind k = GuestEventKind.of(target);
                if (dropped && (k == GuestEventKind.ALIAS_MAP || k == GuestEventKind.ALIAS_UNMAP || k == GuestEventKind.REMAP
                        || k == GuestEventKind.UNREMAP)) {
                    reached.add(Situation.MAPPING_CHANGE_WHILE_DROPPED);
                }
            }
            default -> { }
        }
    }

    @Override
    public void harvest(HarvestCompleted h) {
        redrawing = false;
    }

    private static long[] grow(long[] a, int index) {
        if (index < a.length) return a;
        return Arrays.copyOf(a, Math.max(index + 1, a.length * 2));
    }

    private static boolean[] grow(boolean[] a, int index) {
        return index < a.length ? a : Arrays.copyOf(a, Math.max(index + 1, a.length * 2));
    }

    private static boolean[] set(boolean[] a, int index) {
        a = grow(a, index);
        a[index] = true;
        return a;
    }

    /** The situations reached, as a bit set over {@link Situation#ordinal()}. */
    public long reached() {
        long bits = 0;
        for (Situation s : reached) bits |= 1L << s.ordinal();
        return bits;
    }

    /** Adds a run's {@link #reached()} to per-situation counts. */
    public static void count(long reached, long[] counts) {
        for (Situation s : Situation.values()) if ((reached & (1L << s.ordinal())) != 0) counts[s.ordinal()]++;
    }

    /** Situation id to count, in the enum's order (hunt.json's and check's "coverage"). */
    public static Map<String, Long> table(long[] counts) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Situation s : Situation.values()) m.put(s.id, counts[s.ordinal()]);
        return m;
    }

    /** The situations no run reached. */
    public static List<Situation> never(long[] counts) {
        List<Situation> out = new ArrayList<>();
        for (Situation s : Situation.values()) if (counts[s.ordinal()] == 0) out.add(s);
        return out;
    }
}
