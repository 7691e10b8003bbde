package dev.dirtyvram.persistence.serialization;

import dev.dirtyvram.domain.event.Fact;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A fact block's facts as the journal gives them: their columns decompressed and decoded the first time they are asked
 * for, on the thread that asks. A replay holds windows of blocks ahead of its merge; decoded, a block is about a megabyte of
 * columns that every young collection copies while it waits, so a reader decodes one only just before the merge
 * needs it.
 */
final class DecodedOnUse extends AbstractList<Fact> implements RandomAccess {
    private final int actor;
    private final int ops;
    private final int harvests;
    private BlockCompression.Stored payload;
    private List<Fact> facts;

    DecodedOnUse(int actor, int ops, int harvests, BlockCompression.Stored payload) {
        this.actor = actor;
        this.ops = ops;
        this.harvests = harvests;
        this.payload = payload;
    }

    private synchronized List<Fact> facts() {
        if (facts == null) {
            facts = FactBlockCodec.decode(actor, ops, harvests, payload.raw());
            payload = null;
        }
        return facts;
    }

    @Override
    public Fact get(int index) {
        return facts().get(index);
    }

    @Override
    public int size() {
        return facts().size();
    }
}
