package dev.dirtyvram.simulations;

import dev.dirtyvram.domain.event.FactBlock;
import dev.dirtyvram.persistence.serialization.KryoEventSerializer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.JSerializer;
/** The project's serializer, writing its journal blocks as a later release would: format 9. */
public final class LaterFormatSerializer extends JSerializer {
    private final KryoEventSerializer real;

    public LaterFormatSerializer(ExtendedActorSystem system) {
        real = new KryoEventSerializer(system);
    }

    @Override
    public int identifier() {
        return real.identifier();
    }

    @Override
    public boolean includeManifest() {
        return false;
    }

    @Override
    public byte[] toBinary(Object o) {
        byte[] b = real.toBinary(o);
        if (o instanceof FactBlock) b[1] = 9; // the format byte follows Kryo's class id
        return b;
    }

    @Override
    public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
        return real.fromBinaryJava(bytes, manifest);
    }
}
