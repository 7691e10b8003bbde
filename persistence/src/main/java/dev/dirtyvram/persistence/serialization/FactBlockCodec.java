package dev.dirtyvram.persistence.serialization;

import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.FactBlock;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.OpBatch;
import dev.dirtyvram.domain.memory.Pte;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Journal format 2: one actor's block of facts, column by column, each column predicted from the block's earlier
 * facts so that what is left is mostly small numbers, then compressed as a whole. The columns:
 * <ul>
 *   <li>kind: one byte an op (bit 7 set when its value is written out where it is usually implied);</li>
 *   <li>lseq: the gap to the previous fact, less one (an actor's facts are strictly increasing);</li>
 *   <li>time: the change since the previous fact, in the block's unit (the greatest common divisor of the changes:
 *       concurrent mode stamps microseconds, deterministic mode one instant per message);</li>
 *   <li>target: the difference to the previous target of the same kind; a store after its walk (or D set) is
 *       predicted to hit the frame that walk found;</li>
 *   <li>value: a store's is its own lseq, left out; a frame read's is the frame's content, left out and restored from
 *       the merged timeline ({@link OpBatch#FROM_MEMORY}); an sl1e's is XORed with what the block saw last in that
 *       entry (or, the first time, with its neighbour's frame moved on by the distance); anything else as it is;</li>
 *   <li>harvests: where each falls among the ops, its id, outcome, flags, bitmap, and each page's examined lseq as
 *       the change from the page before.</li>
 * </ul>
 * The header (format, actor, counts, compression) is never compressed. Format 1 (one event per fact) is
 * {@link KryoEventSerializer}'s and still reads.
 */
final class FactBlockCodec {
    static final int FORMAT = 2;
    private static final int EXPLICIT = 0x80;
    private static final int KINDS = Op.values().length;
    private static final byte FILL = (byte) Op.TLB_FILL.ordinal();
    private static final byte D_SET = (byte) Op.DIRTY_BIT_SET.ordinal();
    /** Targets at or above this are predicted by kind only (an sl1e table this big would be waste). */
    private static final int TABLE_LIMIT = 1 << 20;

    private FactBlockCodec() {}

    private static boolean isStore(int k) {
        return k == Op.GUEST_WRITE.ordinal() || k == Op.GUEST_WRITE_CACHED_D.ordinal();
    }

    private static boolean isFrameRead(int k) {
        return k == Op.GUEST_READ.ordinal() || k == Op.REDRAW_READ.ordinal() || k == Op.MEMCMP_READ.ordinal();
    }

    private static boolean isSl1e(int k) {
        return k == FILL || k == D_SET || k == Op.PTE_READ.ordinal() || k == Op.DIRTY_BIT_CLEARED.ordinal()
                || k == Op.SHADOW_L1E_SET.ordinal() || k == Op.PTE_WRITE_BACK.ordinal();
    }

    /** What the block saw last in each sl1e, and where the last one was: the value column's predictions. */
    private static final class Sl1es {
        private long[] value = new long[64];
        private boolean[] seen = new boolean[64];
        private int lastTarget;
        private long lastValue;

        long predict(int target) {
            if (target >= 0 && target < seen.length && seen[target]) return value[target];
            return lastValue + ((long) (target - lastTarget) << 12);
        }

        void saw(int target, long v) {
            lastTarget = target;
            lastValue = v;
            if (target < 0 || target >= TABLE_LIMIT) return;
            if (target >= seen.length) {
                int cap = Math.max(seen.length * 2, Integer.highestOneBit(target) * 2);
                value = Arrays.copyOf(value, cap);
                seen = Arrays.copyOf(seen, cap);
            }
            value[target] = v;
            seen[target] = true;
        }
    }

    static final class Columns {
        final ByteColumn kinds = new ByteColumn(1 << 14);
        final ByteColumn lseq = new ByteColumn(1 << 14);
        final ByteColumn time = new ByteColumn(1 << 14);
        final ByteColumn target = new ByteColumn(1 << 15);
        final ByteColumn value = new ByteColumn(1 << 14);
        final ByteColumn harvests = new ByteColumn(1 << 12);

        ByteColumn[] all() {
            return new ByteColumn[] {kinds, lseq, time, target, value, harvests};
        }
    }

    /** The block's uncompressed columns, each preceded by its length. */
    static ByteColumn encode(FactBlock block) {
        List<Fact> facts = block.facts();
        long unit = 0;
        long prevTime = Long.MIN_VALUE;
        for (Fact f : facts) {
            if (f instanceof OpBatch b) {
                for (long t : b.time()) {
                    if (prevTime != Long.MIN_VALUE) unit = gcd(unit, Math.abs(t - prevTime));
                    prevTime = t;
                }
            } else {
                long t = ((HarvestCompleted) f).time();
                if (prevTime != Long.MIN_VALUE) unit = gcd(unit, Math.abs(t - prevTime));
                prevTime = t;
            }
        }
        Columns c = new Columns();
        c.time.putVar(unit);
        long[] lastTarget = new long[KINDS];
        Sl1es sl1es = new Sl1es();
        long lastLseq = -1;
        long lastTime = 0;
        int ops = 0;
        int harvestsAt = 0;
        int lastHarvestId = 0;
        int prevKind = -1;
        long prevValue = 0;
        boolean firstFact = true;
        for (Fact f : facts) {
            if (f instanceof OpBatch b) {
                long[] ls = b.lseq();
                long[] ts = b.time();
                byte[] ks = b.kind();
                int[] tg = b.target();
                long[] vs = b.value();
                for (int i = 0; i < ls.length; i++) {
                    int k = ks[i];
                    long v = vs[i];
                    boolean explicit = isStore(k) && v != ls[i];
                    c.kinds.put(k | (explicit ? EXPLICIT : 0));
                    c.lseq.putVar(firstFact ? ls[i] : ls[i] - lastLseq - 1);
                    if (firstFact) c.time.putSigned(ts[i]);
                    else if (unit != 0) c.time.putSigned((ts[i] - lastTime) / unit);
                    firstFact = false;
                    lastLseq = ls[i];
                    lastTime = ts[i];
                    long predicted = isStore(k) && (prevKind == FILL || prevKind == D_SET) ? Pte.mfn(prevValue) : lastTarget[k];
                    c.target.putSigned(tg[i] - predicted);
                    lastTarget[k] = tg[i];
                    if (explicit) {
                        c.value.putSigned(v);
                    } else if (isSl1e(k)) {
                        c.value.putVar(v ^ sl1es.predict(tg[i]));
                        sl1es.saw(tg[i], v);
                    } else if (!isStore(k) && !isFrameRead(k)) {
                        c.value.putSigned(v);
                    }
                    prevKind = k;
                    prevValue = v;
                    ops++;
                }
            } else {
                HarvestCompleted h = (HarvestCompleted) f;
                ByteColumn out = c.harvests;
                out.putVar(ops - harvestsAt);
                harvestsAt = ops;
                c.lseq.putVar(firstFact ? h.lseq() : h.lseq() - lastLseq - 1);
                if (firstFact) c.time.putSigned(h.time());
                else if (unit != 0) c.time.putSigned((h.time() - lastTime) / unit);
                firstFact = false;
                lastLseq = h.lseq();
                lastTime = h.time();
                out.putSigned(h.harvestId() - lastHarvestId);
                lastHarvestId = h.harvestId();
                out.put(h.outcome().ordinal());
                out.put((h.flushed() ? 1 : 0) | (h.paused() ? 2 : 0));
                out.putVar(h.reported().length);
                for (long w : h.reported()) out.putLong(w);
                long[] examined = h.examinedLseq();
                out.putVar(examined.length);
                long prev = h.lseq();
                for (long e : examined) {
                    out.putSigned(e - prev);
                    prev = e;
                }
            }
        }
        ByteColumn[] all = c.all();
        int size = 0;
        for (ByteColumn col : all) size += col.size();
        ByteColumn payload = new ByteColumn(size + 6 * 5);
        for (ByteColumn col : all) payload.putVar(col.size());
        for (ByteColumn col : all) payload.putAll(col.array(), 0, col.size());
        return payload;
    }

    /** Facts from {@code payload} (uncompressed columns, as {@link #encode} made them) for {@code actor}. */
    static List<Fact> decode(int actor, int ops, int harvests, byte[] payload) {
        ByteColumn lengths = new ByteColumn(payload, 0, payload.length);
        int[] len = new int[6];
        for (int i = 0; i < len.length; i++) len[i] = Math.toIntExact(lengths.getVar());
        int at = lengths.position();
        ByteColumn[] col = new ByteColumn[6];
        for (int i = 0; i < col.length; i++) {
            if (len[i] < 0 || (long) at + len[i] > payload.length) throw new IllegalStateException("journal block's columns overrun it");
            col[i] = new ByteColumn(payload, at, len[i]);
            at += len[i];
        }
        ByteColumn kinds = col[0];
        ByteColumn lseqs = col[1];
        ByteColumn times = col[2];
        ByteColumn targets = col[3];
        ByteColumn values = col[4];
        ByteColumn hs = col[5];
        long unit = times.getVar();
        long[] lastTarget = new long[KINDS];
        Sl1es sl1es = new Sl1es();
        List<Fact> facts = new ArrayList<>();
        long lastLseq = -1;
        long lastTime = 0;
        boolean firstFact = true;
        int prevKind = -1;
        long prevValue = 0;
        int done = 0;
        int nextHarvestAt = harvests > 0 ? Math.toIntExact(hs.getVar()) : Integer.MAX_VALUE;
        int harvestsDone = 0;
        int lastHarvestId = 0;
        while (done < ops || harvestsDone < harvests) {
            int run = Math.min(ops, nextHarvestAt) - done;
            if (run < 0) throw new IllegalStateException("journal block places a harvest after its last op");
            if (run > 0) {
                long[] ls = new long[run];
                long[] ts = new long[run];
                byte[] ks = new byte[run];
                int[] tg = new int[run];
                long[] vs = new long[run];
                for (int i = 0; i < run; i++) {
                    int raw = kinds.get();
                    int k = raw & ~EXPLICIT;
                    if (k >= KINDS) throw new IllegalStateException("journal block holds an unknown op kind " + k);
                    long l = firstFact ? lseqs.getVar() : lastLseq + 1 + lseqs.getVar();
                    long t = firstFact ? times.getSigned() : unit == 0 ? lastTime : lastTime + times.getSigned() * unit;
                    firstFact = false;
                    long predicted = isStore(k) && (prevKind == FILL || prevKind == D_SET) ? Pte.mfn(prevValue) : lastTarget[k];
                    int target = (int) (predicted + targets.getSigned());
                    lastTarget[k] = target;
                    long v;
                    if ((raw & EXPLICIT) != 0) {
                        v = values.getSigned();
                    } else if (isStore(k)) {
                        v = l;
                    } else if (isFrameRead(k)) {
                        v = OpBatch.FROM_MEMORY;
                    } else if (isSl1e(k)) {
                        v = values.getVar() ^ sl1es.predict(target);
                        sl1es.saw(target, v);
                    } else {
                        v = values.getSigned();
                    }
                    ls[i] = l;
                    ts[i] = t;
                    ks[i] = (byte) k;
                    tg[i] = target;
                    vs[i] = v;
                    lastLseq = l;
                    lastTime = t;
                    prevKind = k;
                    prevValue = v;
                }
                facts.add(new OpBatch(actor, ls, ts, ks, tg, vs));
                done += run;
            }
            if (harvestsDone < harvests && done == nextHarvestAt) {
                long l = firstFact ? lseqs.getVar() : lastLseq + 1 + lseqs.getVar();
                long t = firstFact ? times.getSigned() : unit == 0 ? lastTime : lastTime + times.getSigned() * unit;
                firstFact = false;
                lastLseq = l;
                lastTime = t;
                int id = (int) (lastHarvestId + hs.getSigned());
                lastHarvestId = id;
                int outcome = hs.get();
                if (outcome >= HarvestOutcome.values().length) throw new IllegalStateException("journal block holds an unknown harvest outcome " + outcome);
                int flags = hs.get();
                long[] reported = new long[Math.toIntExact(hs.getVar())];
                for (int i = 0; i < reported.length; i++) reported[i] = hs.getLong();
                long[] examined = new long[Math.toIntExact(hs.getVar())];
                long prev = l;
                for (int i = 0; i < examined.length; i++) {
                    prev += hs.getSigned();
                    examined[i] = prev;
                }
                facts.add(new HarvestCompleted(actor, l, t, id, HarvestOutcome.of(outcome), reported, examined,
                        (flags & 1) != 0, (flags & 2) != 0));
                harvestsDone++;
                nextHarvestAt = harvestsDone < harvests ? done + Math.toIntExact(hs.getVar()) : Integer.MAX_VALUE;
            } else if (done == ops && harvestsDone < harvests) {
                throw new IllegalStateException("journal block places a harvest after its last op");
            }
        }
        return facts;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
