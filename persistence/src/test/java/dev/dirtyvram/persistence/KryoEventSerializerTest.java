package dev.dirtyvram.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.event.ActorState;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.OpBatch;
import dev.dirtyvram.domain.Serialized;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every event type (and the actor state) through the serializer Pekko is configured to pick for it. */
class KryoEventSerializerTest {
    static {
        // Logging is up before the actor system's threads log: SLF4J would otherwise replay their first calls, with a warning.
        org.slf4j.LoggerFactory.getILoggerFactory();
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
        long[] bitmap = HarvestCompleted.bitmap(130);
        HarvestCompleted.set(bitmap, 0);
        HarvestCompleted.set(bitmap, 129);
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
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
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
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }
}
