package dev.dirtyvram.actors;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Deterministic mode: no message goes straight to an actor. Each is queued with the virtual time it is due; one
 * scheduler ({@link #drive}) waits until the message it delivered last has been wholly handled (facts persisted,
 * replies queued), moves the virtual clock on by that step's cost-model cycles, and delivers one of the messages
 * now due, chosen by a seeded random generator. One actor runs at a time, so the same seed and configuration give
 * the same timeline, journal writes included.
 */
public final class DeterministicInterconnect implements Interconnect {
    private record Envelope(long at, ActorRef<Object> to, Object message) {}

    /** A scheduler that sees nothing handled for this long is stuck: better an error than a hang. */
    private static final long STALL_MS = 120_000;

    private final SplittableRandom rnd;
    private final long cyclesPerNs;
    private final List<Envelope> pending = new ArrayList<>();
    private long now;
    private long stepCycles;
    /** Deliveries not yet handled; the guardian's setup is the first. */
    private int inFlight = 1;

    public DeterministicInterconnect(long seed, long cyclesPerNs) {
        this.rnd = new SplittableRandom(seed ^ 0xde7e4817L);
        this.cyclesPerNs = cyclesPerNs;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> void send(ActorRef<T> to, T message) {
        pending.add(new Envelope(now, (ActorRef<Object>) to, message));
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> void sendAfter(ActorRef<T> to, T message, long delayNs) {
        pending.add(new Envelope(now + delayNs, (ActorRef<Object>) to, message));
    }

    @Override
    public synchronized long now() {
        return now;
    }

    @Override
    public synchronized void handled() {
        inFlight--;
        notifyAll();
    }

    @Override
    public synchronized void redelivering(int n) {
        inFlight += n;
    }

    @Override
    public synchronized void charge(long cycles) {
        stepCycles += cycles;
    }

    /** Runs the scheduler on this thread until {@code done} completes. */
    public void drive(CompletableFuture<?> done) throws InterruptedException {
        while (true) {
            Envelope next;
            synchronized (this) {
                long waitedSince = System.currentTimeMillis();
                while (inFlight > 0) {
                    wait(1_000);
                    if (inFlight > 0 && System.currentTimeMillis() - waitedSince > STALL_MS) {
                        throw new IllegalStateException("deterministic scheduler stalled: " + inFlight + " deliveries unhandled");
                    }
                }
                if (done.isDone()) return;
                now += stepCycles / cyclesPerNs;
                stepCycles = 0;
                if (pending.isEmpty()) throw new IllegalStateException("deterministic run has nothing left to deliver");
                long due = Long.MAX_VALUE;
                for (Envelope e : pending) due = Math.min(due, e.at());
                if (due > now) now = due;
                int ready = 0;
                for (Envelope e : pending) if (e.at() <= now) ready++;
                int pick = rnd.nextInt(ready);
                int index = -1;
                for (int i = 0; i < pending.size(); i++) {
                    if (pending.get(i).at() <= now && pick-- == 0) {
                        index = i;
                        break;
                    }
                }
                next = pending.remove(index);
                inFlight++;
            }
            next.to().tell(next.message());
        }
    }
}
