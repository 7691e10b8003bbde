package dev.dirtyvram.persistence.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import com.esotericsoftware.kryo.util.Pool;
import com.typesafe.config.Config;
import dev.dirtyvram.domain.event.ActorState;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.FactBlock;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.OpBatch;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.JSerializer;

/**
 * Pekko serializer for everything marked {@code Serialized}: pooled Kryo instances, every class registered with a
 * fixed id, unregistered classes refused. Each journaled type has a hand-written encoding that starts with a version
 * byte, so a later release can still read today's journals; op batches are delta-encoded varints (lseq and time grow
 * slowly within one actor's batch, and a store's value is its own lseq and is not written twice). The messages a
 * cluster's members send each other are records that live only in flight between members of one release: they are
 * registered from {@code dirtyvram.kryo.records} (class name = id, set by the module that defines them) and written
 * component by component.
 */
public final class KryoEventSerializer extends JSerializer {
    /** Fixed for ever: journals record it. */
    public static final int IDENTIFIER = 731_001;
    static final int OP_BATCH_ID = 20;
    static final int HARVEST_COMPLETED_ID = 21;
    static final int ACTOR_STATE_ID = 22;
    /** Since journal format 2 the journal's only event: one actor's block of facts ({@link FactBlockCodec}). */
    static final int FACT_BLOCK_ID = 23;
    /** Format 1's events (one per fact) still read; they are no longer written to journals. */
    private static final int VERSION = 1;
    private static final int VALUE_IS_LSEQ = 0x80;

    /** In-flight records by id, from the actor system's configuration (none without one). */
    private final Map<Integer, Class<?>> records = new TreeMap<>();

    private final Pool<Kryo> kryos = new Pool<>(true, false, 16) {
        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        protected Kryo create() {
            Kryo k = new Kryo();
            k.setRegistrationRequired(true);
            k.setReferences(false);
            k.register(OpBatch.class, new OpBatchSerializer(), OP_BATCH_ID);
            k.register(HarvestCompleted.class, new HarvestCompletedSerializer(), HARVEST_COMPLETED_ID);
            k.register(ActorState.class, new ActorStateSerializer(), ACTOR_STATE_ID);
            k.register(FactBlock.class, new FactBlockSerializer(), FACT_BLOCK_ID);
            // records by their components; the enums and arrays they hold by Kryo's own serializers for them
            records.forEach((id, c) -> {
                if (c.isRecord()) k.register(c, new RecordSerializer(c), id);
                else k.register(c, id);
            });
            return k;
        }
    };

    public KryoEventSerializer() {}

    /** Pekko makes it with its actor system: the records to register come from its configuration. */
    public KryoEventSerializer(ExtendedActorSystem system) {
        Config c = system.settings().config();
        if (!c.hasPath(RECORDS)) return;
        for (var e : c.getConfig(RECORDS).root().entrySet()) {
            String name = e.getKey();
            int id = ((Number) e.getValue().unwrapped()).intValue();
            if (id <= FACT_BLOCK_ID) throw new IllegalArgumentException(RECORDS + ": id " + id + " of " + name + " is taken by a journaled type");
            try {
                Class<?> cls = Class.forName(name, false, system.dynamicAccess().classLoader());
                if (!cls.isRecord() && !cls.isEnum() && !(cls.isArray() && cls.getComponentType().isRecord())) {
                    throw new IllegalArgumentException(RECORDS + ": " + name + " is not a record, an enum or an array of records");
                }
                if (records.put(id, cls) != null) throw new IllegalArgumentException(RECORDS + ": id " + id + " given twice");
            } catch (ClassNotFoundException ex) {
                throw new IllegalArgumentException(RECORDS + ": no class " + name, ex);
            }
        }
    }

    /** The configuration block naming the in-flight records and their ids. */
    public static final String RECORDS = "dirtyvram.kryo.records";

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public boolean includeManifest() {
        return false;
    }

    @Override
    public byte[] toBinary(Object o) {
        Kryo k = kryos.obtain();
        try {
            Output out = new Output(o instanceof FactBlock ? 1 << 16 : 256, -1);
            k.writeClassAndObject(out, o);
            return out.toBytes();
        } finally {
            kryos.free(k);
        }
    }

    @Override
    public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
        Kryo k = kryos.obtain();
        try {
            return k.readClassAndObject(new Input(bytes));
        } finally {
            kryos.free(k);
        }
    }

    private static void checkVersion(Input in, String what) {
        int v = in.readByte();
        if (v != VERSION) throw new IllegalStateException(what + " written by journal format " + v + ", this release reads formats 1 and " + FactBlockCodec.FORMAT);
    }

    static final class OpBatchSerializer extends Serializer<OpBatch> {
        @Override
        public void write(Kryo kryo, Output out, OpBatch b) {
            out.writeByte(VERSION);
            out.writeVarInt(b.actor(), true);
            int n = b.size();
            out.writeVarInt(n, true);
            long prevLseq = 0;
            long prevTime = 0;
            for (int i = 0; i < n; i++) {
                long l = b.lseq()[i];
                long v = b.value()[i];
                boolean valueIsLseq = v == l;
                out.writeVarLong(l - prevLseq, true);
                out.writeVarLong(b.time()[i] - prevTime, false);
                out.writeByte(b.kind()[i] | (valueIsLseq ? VALUE_IS_LSEQ : 0));
                out.writeVarInt(b.target()[i], true);
                if (!valueIsLseq) out.writeVarLong(v, true);
                prevLseq = l;
                prevTime = b.time()[i];
            }
        }

        /**
         * Decodes straight from the input's buffer: a replay decodes millions of these varints, and Kryo's
         * per-byte bounds checks cost as much as folding them. Same format as {@link Output#writeVarLong}.
         */
        @Override
        public OpBatch read(Kryo kryo, Input in, Class<? extends OpBatch> type) {
            checkVersion(in, "op batch");
            int actor = in.readVarInt(true);
            int n = in.readVarInt(true);
            long[] lseq = new long[n];
            long[] time = new long[n];
            byte[] kind = new byte[n];
            int[] target = new int[n];
            long[] value = new long[n];
            Varints v = new Varints(in.getBuffer(), in.position(), in.limit());
            long prevLseq = 0;
            long prevTime = 0;
            for (int i = 0; i < n; i++) {
                lseq[i] = prevLseq + v.next();
                long t = v.next();
                time[i] = prevTime + ((t >>> 1) ^ -(t & 1));
                int k = v.at() & 0xff;
                kind[i] = (byte) (k & ~VALUE_IS_LSEQ);
                target[i] = (int) v.next();
                value[i] = (k & VALUE_IS_LSEQ) != 0 ? lseq[i] : v.next();
                prevLseq = lseq[i];
                prevTime = time[i];
            }
            in.setPosition(v.p);
            return new OpBatch(actor, lseq, time, kind, target, value);
        }
    }

    /** Kryo's variable-length longs (7 bits a byte, the ninth byte whole), read from a byte array. */
    static final class Varints {
        private final byte[] b;
        private int p;
        private final int limit;

        Varints(byte[] b, int p, int limit) {
            this.b = b;
            this.p = p;
            this.limit = limit;
        }

        long next() {
            long r = 0;
            for (int shift = 0; shift < 56; shift += 7) {
                byte x = at();
                r |= (long) (x & 0x7f) << shift;
                if (x >= 0) return r;
            }
            return r | (long) (at() & 0xff) << 56;
        }

        byte at() {
            if (p >= limit) throw new IllegalStateException("op batch ends inside a number");
            return b[p++];
        }
    }

    static final class HarvestCompletedSerializer extends Serializer<HarvestCompleted> {
        @Override
        public void write(Kryo kryo, Output out, HarvestCompleted h) {
            out.writeByte(VERSION);
            out.writeVarInt(h.actor(), true);
            out.writeVarLong(h.lseq(), true);
            out.writeVarLong(h.time(), false);
            out.writeVarInt(h.harvestId(), true);
            out.writeByte(h.outcome().ordinal());
            out.writeVarInt(h.reported().length, true);
            for (long w : h.reported()) out.writeLong(w);
            out.writeVarInt(h.examinedLseq().length, true);
            for (long e : h.examinedLseq()) out.writeVarLong(h.lseq() - e, false); // examined just before completion
            out.writeBoolean(h.flushed());
            out.writeBoolean(h.paused());
        }

        @Override
        public HarvestCompleted read(Kryo kryo, Input in, Class<? extends HarvestCompleted> type) {
            checkVersion(in, "harvest");
            int actor = in.readVarInt(true);
            long lseq = in.readVarLong(true);
            long time = in.readVarLong(false);
            int id = in.readVarInt(true);
            HarvestOutcome outcome = HarvestOutcome.of(in.readByte());
            long[] reported = new long[in.readVarInt(true)];
            for (int i = 0; i < reported.length; i++) reported[i] = in.readLong();
            long[] examined = new long[in.readVarInt(true)];
            for (int i = 0; i < examined.length; i++) examined[i] = lseq - in.readVarLong(false);
            boolean flushed = in.readBoolean();
            boolean paused = in.readBoolean();
            return new HarvestCompleted(actor, lseq, time, id, outcome, reported, examined, flushed, paused);
        }
    }

    static final class FactBlockSerializer extends Serializer<FactBlock> {
        @Override
        public void write(Kryo kryo, Output out, FactBlock b) {
            int ops = 0;
            int harvests = 0;
            for (Fact f : b.facts()) {
                if (f instanceof OpBatch o) ops += o.size();
                else harvests++;
            }
            ByteColumn raw = FactBlockCodec.encode(b);
            out.writeByte(FactBlockCodec.FORMAT);
            out.writeVarInt(b.actor(), true);
            out.writeVarInt(ops, true);
            out.writeVarInt(harvests, true);
            BlockCompression.write(out, raw.array(), raw.size());
        }

        @Override
        public FactBlock read(Kryo kryo, Input in, Class<? extends FactBlock> type) {
            int v = in.readByte();
            if (v != FactBlockCodec.FORMAT) {
                throw new IllegalStateException("fact block written by journal format " + v + ", this release reads formats 1 and " + FactBlockCodec.FORMAT);
            }
            int actor = in.readVarInt(true);
            int ops = in.readVarInt(true);
            int harvests = in.readVarInt(true);
            return new FactBlock(actor, new DecodedOnUse(actor, ops, harvests, BlockCompression.read(in)));
        }
    }

    static final class ActorStateSerializer extends Serializer<ActorState> {
        @Override
        public void write(Kryo kryo, Output out, ActorState s) {
            out.writeByte(VERSION);
            out.writeVarLong(s.lastLseq(), true);
            out.writeVarLong(s.facts(), true);
            out.writeVarLong(s.guestWrites(), true);
            out.writeVarLong(s.harvests(), true);
        }

        @Override
        public ActorState read(Kryo kryo, Input in, Class<? extends ActorState> type) {
            checkVersion(in, "actor state");
            return new ActorState(in.readVarLong(true), in.readVarLong(true), in.readVarLong(true), in.readVarLong(true));
        }
    }
}
