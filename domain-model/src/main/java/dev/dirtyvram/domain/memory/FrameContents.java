package dev.dirtyvram.domain.memory;

import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.OpBatch;

/**
 * Gives back the values a compact journal leaves out. A read of a frame (a guest load, a redraw, a memcmp) returns
 * what the frame holds, which is the lseq of the last store to it: in a timeline merged by lseq that is known when
 * the read comes, so the journal does not repeat it ({@link OpBatch#FROM_MEMORY}). Sits between the merged timeline
 * and whatever reads it; facts with their values pass unchanged.
 */
public final class FrameContents implements FactSink {
    private final P2m p2m;
    private final FactSink next;
    private final long[] frames;

    public FrameContents(P2m p2m, FactSink next) {
        this.p2m = p2m;
        this.next = next;
        this.frames = new long[p2m.maxMfn()];
    }

    @Override
    public void op(int actor, Op kind, int target, long value, long lseq, long time) {
        switch (kind) {
            case GUEST_WRITE, GUEST_WRITE_CACHED_D -> frames[target] = value;
            case GUEST_READ -> {
                if (value == OpBatch.FROM_MEMORY) value = frames[target];
            }
            case REDRAW_READ, MEMCMP_READ -> {
                if (value == OpBatch.FROM_MEMORY) value = frames[p2m.mfnOfLfbPage(target)];
            }
            default -> { }
        }
        next.op(actor, kind, target, value, lseq, time);
    }

    @Override
    public void harvest(HarvestCompleted h) {
        next.harvest(h);
    }
}
