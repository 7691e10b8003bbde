package dev.dirtyvram.persistence.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.Serialized;
import dev.dirtyvram.domain.event.ActorState;
import dev.dirtyvram.domain.event.DirtyVram;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.FactBlock;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.OpBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
/** Every event type (and the actor state) through the serializer Pekko is configured to pick for it. */
class KryoEventSerializerTest {
    static {
        // Logging is up before the actor system's threads log: SLF4J would otherwise replay their first calls, with a warning.
        LoggerFactory.getILoggerFactory();
    }

    private static final ActorTestKit KIT = ActorTestKit.create("kryo");
    private final Serialization serialization = SerializationExtension.get(KIT.system().classicSystem());

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    private Object roundTrip(Object o) {
        Serializer s = serialization.findSerializerFor(o);
        assertEquals(KryoEventSerializer.IDENTIFIER, s.identifier(), "bound through the Serialized marker");
        byte[] bytes = serialization.serialize(o).get();
        return serialization.deserialize(bytes, s.identifier(), "").get();
    }

    @Test
    void opBatchRoundTrips() {
        OpBatch b = new OpBatch(3, new long[] {5, 9, 10, 4000}, new long[] {100, 90, 120, 5000},
                new byte[] {(byte) Op.TLB_FILL.ordinal(), (byte) Op.GUEST_WRITE.ordinal(),
                        (byte) Op.DIRTY_BIT_CLEARED.ordinal(), (byte) Op.REDRAW_READ.ordinal()},
                new int[] {7, 0x1007, 7, 2047}, new long[] {0x1007063L, 9, 0x1007043L, 4000});
        OpBatch r = (OpBatch) roundTrip(b);
        assertEquals(b.actor(), r.actor());
        assertArrayEquals(b.lseq(), r.lseq());
        assertArrayEquals(b.time(), r.time());
        assertArrayEquals(b.kind(), r.kind());
        assertArrayEquals(b.target(), r.target());
        assertArrayEquals(b.value(), r.value());
    }

    @Test
    void harvestCompletedRoundTrips() {
        long[] bitmap = DirtyVram.bitmap(130);
        DirtyVram.set(bitmap, 0);
        DirtyVram.set(bitmap, 129);
        long[] examined = new long[130];
        for (int i = 0; i < examined.length; i++) examined[i] = 1_000 + i;
        HarvestCompleted h = new HarvestCompleted(5, 2_000, 77_000_000L, 12, HarvestOutcome.FALLBACK, bitmap, examined, true, false);
        HarvestCompleted r = (HarvestCompleted) roundTrip(h);
        assertEquals(h.lseq(), r.lseq());
        assertEquals(h.time(), r.time());
        assertEquals(h.harvestId(), r.harvestId());
        assertEquals(h.outcome(), r.outcome());
        assertArrayEquals(h.reported(), r.reported());
        assertArrayEquals(h.examinedLseq(), r.examinedLseq());
        assertEquals(h.flushed(), r.flushed());
        assertEquals(h.paused(), r.paused());
    }

    @Test
    void actorStateRoundTrips() {
        ActorState s = new ActorState(123_456_789L, 42, 40, 2);
        assertEquals(s, roundTrip(s));
    }

    @Test
    void opBatchesOfEveryMagnitudeRoundTrip() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 5_000;
        long[] lseq = new long[n];
        long[] time = new long[n];
        byte[] kind = new byte[n];
        int[] target = new int[n];
        long[] value = new long[n];
        long l = 1;
        for (int i = 0; i < n; i++) {
            l += 1 + (i % 7 == 0 ? r.nextLong(1L << 40) : r.nextInt(300));
            lseq[i] = l;
            time[i] = i % 3 == 0 ? -r.nextLong(1L << 50) : r.nextLong(Long.MAX_VALUE / 4); // deltas of both signs
            kind[i] = (byte) r.nextInt(Op.values().length);
            target[i] = i % 5 == 0 ? Integer.MAX_VALUE - r.nextInt(10) : r.nextInt(70_000);
            value[i] = i % 4 == 0 ? l : i % 4 == 1 ? Long.MAX_VALUE - r.nextInt(5) : r.nextLong(1L << 45);
        }
        OpBatch b = new OpBatch(7, lseq, time, kind, target, value);
        OpBatch back = (OpBatch) roundTrip(b);
        assertArrayEquals(b.lseq(), back.lseq());
        assertArrayEquals(b.time(), back.time());
        assertArrayEquals(b.kind(), back.kind());
        assertArrayEquals(b.target(), back.target());
        assertArrayEquals(b.value(), back.value());
    }

    @Test
    void storesAreEncodedCompactly() {
        int n = 1_000;
        long[] lseq = new long[n];
        long[] time = new long[n];
        byte[] kind = new byte[n];
        int[] target = new int[n];
        for (int i = 0; i < n; i++) {
            lseq[i] = 1_000_000L + 3L * i;
            time[i] = 5_000_000_000L + 40L * i;
            kind[i] = (byte) Op.GUEST_WRITE_CACHED_D.ordinal();
            target[i] = 0x1000 + i % 2048;
        }
        byte[] bytes = new KryoEventSerializer().toBinary(new OpBatch(0, lseq, time, kind, target, lseq.clone()));
        assertTrue(bytes.length < 7 * n, "a store takes a handful of bytes, got " + bytes.length / (double) n);
    }

    /** A class the serializer was never told about is refused, not written in some ad-hoc form. */
    record Stranger(int x) implements Serialized {}

    @Test
    void unregisteredClassesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KryoEventSerializer().toBinary(new Stranger(1)));
    }

    @Test
    void aLaterFormatVersionIsRefusedWithAReason() {
        byte[] bytes = new KryoEventSerializer().toBinary(new ActorState(1, 2, 3, 4));
        bytes[1] = 9; // the version byte follows Kryo's class id
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new KryoEventSerializer().fromBinaryJava(bytes, null));
        assertTrue(e.getMessage().contains("format 9"), e.getMessage());
    }

    /** A block of random facts of every kind, harvests among them, as a block of journal format 2 writes them. */
    private static FactBlock randomBlock(long seed, int batches) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Fact> facts = new ArrayList<>();
        long l = 1 + r.nextInt(1000);
        long t = r.nextLong(1L << 40);
        for (int b = 0; b < batches; b++) {
            int n = r.nextInt(400);
            long[] lseq = new long[n];
            long[] time = new long[n];
            byte[] kind = new byte[n];
            int[] target = new int[n];
            long[] value = new long[n];
            for (int i = 0; i < n; i++) {
                l += 1 + (i % 11 == 0 ? r.nextLong(1L << 36) : r.nextInt(5));
                t += b % 3 == 0 ? 0 : i % 13 == 0 ? -r.nextInt(1000) : r.nextInt(3) * 1000;
                lseq[i] = l;
                time[i] = t;
                kind[i] = (byte) r.nextInt(Op.values().length);
                target[i] = i % 17 == 0 ? Integer.MAX_VALUE - r.nextInt(10) : i % 5 == 0 ? -r.nextInt(50) : r.nextInt(70_000);
                value[i] = i % 4 == 0 ? l : i % 4 == 1 ? Long.MIN_VALUE + 1 + r.nextInt(5) : r.nextLong();
            }
            facts.add(new OpBatch(3, lseq, time, kind, target, value));
            if (r.nextInt(3) == 0) {
                int pages = 1 + r.nextInt(300);
                long[] reported = DirtyVram.bitmap(pages);
                long[] examined = new long[pages];
                for (int p = 0; p < pages; p++) {
                    if (r.nextBoolean()) DirtyVram.set(reported, p);
                    examined[p] = l - r.nextInt(10_000);
                }
                l += 1 + r.nextInt(3);
                facts.add(new HarvestCompleted(3, l, t += 500, r.nextInt(1_000_000), HarvestOutcome.of(r.nextInt(4)),
                        reported, examined, r.nextBoolean(), r.nextBoolean()));
            }
        }
        return new FactBlock(3, facts);
    }

    private static boolean frameRead(byte k) {
        return k == Op.GUEST_READ.ordinal() || k == Op.REDRAW_READ.ordinal() || k == Op.MEMCMP_READ.ordinal();
    }

    @Test
    void factBlocksRoundTripEveryColumnLeavingOutOnlyFrameReadsValues() {
        for (long seed = 1; seed <= 20; seed++) {
            FactBlock b = randomBlock(seed, 1 + (int) seed * 3);
            FactBlock back = (FactBlock) roundTrip(b);
            assertEquals(b.actor(), back.actor());
            // Decoded, consecutive batches between two harvests are one batch: compare op by op.
            List<long[]> want = new ArrayList<>();
            List<long[]> got = new ArrayList<>();
            List<HarvestCompleted> wantH = new ArrayList<>();
            List<HarvestCompleted> gotH = new ArrayList<>();
            for (var pair : List.of(Map.entry(b, want), Map.entry(back, got))) {
                for (var f : pair.getKey().facts()) {
                    if (f instanceof OpBatch o) {
                        for (int i = 0; i < o.size(); i++) {
                            long v = frameRead(o.kind()[i]) && pair.getKey() == b ? OpBatch.FROM_MEMORY : o.value()[i];
                            pair.getValue().add(new long[] {o.lseq()[i], o.time()[i], o.kind()[i], o.target()[i], v, o.actor()});
                        }
                    } else {
                        (pair.getKey() == b ? wantH : gotH).add((HarvestCompleted) f);
                        pair.getValue().add(new long[] {-1, ((HarvestCompleted) f).lseq()});
                    }
                }
            }
            assertEquals(want.size(), got.size(), "seed " + seed);
            for (int i = 0; i < want.size(); i++) assertArrayEquals(want.get(i), got.get(i), "seed " + seed + ", fact " + i);
            for (int i = 0; i < wantH.size(); i++) {
                HarvestCompleted h = wantH.get(i);
                HarvestCompleted r = gotH.get(i);
                assertEquals(h.time(), r.time());
                assertEquals(h.harvestId(), r.harvestId());
                assertEquals(h.outcome(), r.outcome());
                assertArrayEquals(h.reported(), r.reported());
                assertArrayEquals(h.examinedLseq(), r.examinedLseq());
                assertEquals(h.flushed(), r.flushed());
                assertEquals(h.paused(), r.paused());
            }
        }
    }

    @Test
    void aBlockOfStoresThroughTheirEntriesTakesAboutAByteAStore() {
        int n = 30_000;
        long[] lseq = new long[n];
        long[] time = new long[n];
        byte[] kind = new byte[n];
        int[] target = new int[n];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            lseq[i] = 1_000_000L + 2L * i + r.nextInt(2);
            time[i] = 5_000_000_000L + 1000L * (i / 40);
            kind[i] = (byte) Op.GUEST_WRITE_CACHED_D.ordinal();
            target[i] = 0x1000 + r.nextInt(64); // stores through the 64 entries a TLB holds
        }
        FactBlock b = new FactBlock(0, List.of(new OpBatch(0, lseq, time, kind, target, lseq.clone())));
        byte[] bytes = new KryoEventSerializer().toBinary(b);
        assertTrue(bytes.length < 1.2 * n, "a store takes about a byte, got " + bytes.length / (double) n);
    }

    @Test
    void aBlockOfALaterFormatIsRefusedWithAReason() {
        byte[] bytes = new KryoEventSerializer().toBinary(randomBlock(1, 2));
        bytes[1] = 7; // the format byte follows Kryo's class id
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new KryoEventSerializer().fromBinaryJava(bytes, null));
        assertTrue(e.getMessage().contains("journal format 7"), e.getMessage());
    }

    @Test
    void aDamagedBlockIsAnErrorNotAnotherTimeline() {
        byte[] bytes = new KryoEventSerializer().toBinary(randomBlock(2, 5));
        for (int cut : new int[] {bytes.length / 2, bytes.length - 3}) {
            byte[] torn = Arrays.copyOf(bytes, cut);
            assertThrows(RuntimeException.class, () -> new KryoEventSerializer().fromBinaryJava(torn, null));
        }
    }
}
