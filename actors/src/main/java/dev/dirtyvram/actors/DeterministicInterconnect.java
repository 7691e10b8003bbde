package dev.dirtyvram.actors;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Deterministic mode: no message goes straight to an actor. Each is queued with the virtual time it is due. When
 * the message delivered last has been wholly handled (its facts recorded, its replies queued), the clock moves on by
 * that step's cost-model cycles and one of the messages now due is delivered, chosen by a seeded random generator.
 * One actor runs at a time, so the same seed and configuration give the same timeline. The choice is made by the
 * thread that finished the last step, which then hands the message straight on: no thread waits in between.
 */
public final class DeterministicInterconnect implements Interconnect {
    private record Envelope(long at, ActorRef<Object> to, Object message) {}

    /** A run that sees nothing handled for this long is stuck: better an error than a hang. */
    private static final long STALL_MS = 120_000;

    private final SplittableRandom rnd;
    private final long cyclesPerNs;
    private final List<Envelope> pending = new ArrayList<>();
    private long now;
    private long stepCycles;
    /** Deliveries not yet handled; the guardian's setup is the first. */
    private int inFlight = 1;
    private long delivered;
    private IllegalStateException failure;

    public DeterministicInterconnect(long seed, long cyclesPerNs) {
        this.rnd = new SplittableRandom(seed);
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
    public void handled() {
        Envelope next;
        synchronized (this) {
            if (--inFlight > 0 || failure != null) return;
            next = chooseNext();
            if (next == null) return;
            inFlight++;
            delivered++;
        }
        next.to().tell(next.message());
    }

    /** The clock moves on by the step just over; then one due message, by the seed. Null when nothing is left. */
    private Envelope chooseNext() {
        now += stepCycles / cyclesPerNs;
        stepCycles = 0;
        if (pending.isEmpty()) {
            failure = new IllegalStateException("deterministic run has nothing left to deliver");
            notifyAll();
            return null;
        }
        long due = Long.MAX_VALUE;
        for (Envelope e : pending) due = Math.min(due, e.at());
        if (due > now) now = due;
        int ready = 0;
        for (Envelope e : pending) if (e.at() <= now) ready++;
        int pick = rnd.nextInt(ready);
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).at() <= now && pick-- == 0) return pending.remove(i);
        }
        throw new AssertionError("a due message vanished");
    }

    @Override
    public synchronized void redelivering(int n) {
        inFlight += n;
    }

    @Override
    public synchronized void charge(long cycles) {
        stepCycles += cycles;
    }

    /** Waits until {@code done} completes; fails when the run stalls or runs out of messages first. */
    public void drive(CompletableFuture<?> done) throws InterruptedException {
        long seen = -1;
        long since = System.currentTimeMillis();
        while (true) {
            try {
                done.get(1, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException e) {
                // still running: check for a stall below
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("deterministic run failed: " + e.getCause(), e.getCause());
            }
            synchronized (this) {
                if (failure != null) throw failure;
                if (delivered != seen) {
                    seen = delivered;
                    since = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - since > STALL_MS) {
                    throw new IllegalStateException("deterministic scheduler stalled: " + inFlight + " deliveries unhandled");
                }
            }
        }
    }
}
