package dev.dirtyvram.domain.event;

import dev.dirtyvram.domain.Serialized;

/**
 * What one actor's own journal folds into: how far it got. Recovery rebuilds it from the events alone, which the
 * recovery tests compare; the machine state itself is rebuilt by folding every actor's facts together (RunFold).
 */
public record ActorState(long lastLseq, long facts, long guestWrites, long harvests) implements Serialized {
    public static final ActorState EMPTY = new ActorState(0, 0, 0, 0);

    public ActorState apply(Journaled event) {
        ActorState s = this;
        for (Fact f : event.facts()) s = s.apply(f);
        return s;
    }

    private ActorState apply(Fact f) {
        if (f instanceof OpBatch b) {
            long writes = 0;
            byte[] kind = b.kind();
            for (byte k : kind) if (k == WRITE || k == WRITE_CACHED_D) writes++;
            long last = b.size() == 0 ? lastLseq : b.lseq()[b.size() - 1];
            return new ActorState(Math.max(lastLseq, last), facts + b.size(), guestWrites + writes, harvests);
        }
        HarvestCompleted h = (HarvestCompleted) f;
        return new ActorState(Math.max(lastLseq, h.lseq()), facts + 1, guestWrites, harvests + 1);
    }

    private static final byte WRITE = (byte) Op.GUEST_WRITE.ordinal();
    private static final byte WRITE_CACHED_D = (byte) Op.GUEST_WRITE_CACHED_D.ordinal();
}
