package dev.dirtyvram.actors.delivery;

import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.schedule.ChoiceLog;
import dev.dirtyvram.domain.schedule.Scheduler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
/**
 * Deterministic mode: no message goes straight to an actor. Each is queued with the virtual time it is due, in a
 * FIFO per sender and receiver (Pekko never reorders two messages of one sender to one receiver; a timer is a queue
 * of its own). When the message delivered last has been wholly handled (its facts recorded, its replies queued), the
 * clock moves on by that step's cost-model cycles and the {@link Scheduler} picks one of the queue heads now due.
 * One actor runs at a time, so the same seed and configuration give the same timeline. The choice is made by the
 * thread that finished the last step, which then hands the message straight on: no thread waits in between.
 */
public final class DeterministicInterconnect implements Interconnect {
    private record Envelope(long at, int to, ActorRef<Object> ref, Object message) {}

    /** A run that sees nothing handled for this long is stuck: better an error than a hang. */
    private static final long STALL_MS = 120_000;

    private final Scheduler scheduler;
    private final ActorIds ids;
    private final long cyclesPerNs;
    /** schedule.window: heads due this long after the earliest compete too. */
    private final long windowNs;
    /** The run's seed, named when it stalls: the run to repeat. */
    private final long seed;
    /** sender * agents + receiver: that pair's FIFO, in the order the pairs first had mail (deterministic). */
    private final Map<Long, ArrayDeque<Envelope>> queues = new LinkedHashMap<>();
    private final List<Envelope> timers = new ArrayList<>();
    private final Map<ActorRef<?>, Integer> agentOf = new HashMap<>();
    private int[] candidates = new int[16];
    /**
     * The virtual clock, read by every fact an actor records: volatile, so that a read takes no lock (a CAS a fact).
     * Written once a step, under the lock, before the step's message goes out.
     */
    private volatile long now;
    private long stepCycles;
    /** The agent whose message is being handled: the sender of what it sends. */
    private int current;
    /** Deliveries not yet handled; the guardian's setup is the first. */
    private int inFlight = 1;
    private long delivered;
    private IllegalStateException failure;

    public DeterministicInterconnect(Scheduler scheduler, ActorIds ids, long cyclesPerNs, long windowNs, long seed) {
        this.seed = seed;
        this.scheduler = scheduler;
        this.ids = ids;
        this.cyclesPerNs = cyclesPerNs;
        this.windowNs = windowNs;
        this.current = outside();
    }

    /** Agents: the ids' actors, then the guest OS, then anything else (the guardian: the run's outside). */
    public static int agents(ActorIds ids) {
        return ids.count() + 2;
    }

    private int outside() {
        return ids.count() + 1;
    }

    private int agent(ActorRef<?> ref) {
        return agentOf.computeIfAbsent(ref, r -> {
            String name = r.path().name();
            for (int a = 0; a < ids.count(); a++) if (ids.name(a).equals(name)) return a;
            return name.equals(ActorIds.GUEST_OS) ? ids.count() : outside();
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> void send(ActorRef<T> to, T message) {
        int a = agent(to);
        queues.computeIfAbsent((long) current * agents(ids) + a, k -> new ArrayDeque<>())
                .add(new Envelope(now, a, (ActorRef<Object>) to, message));
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> void sendAfter(ActorRef<T> to, T message, long delayNs) {
        timers.add(new Envelope(now + delayNs, agent(to), (ActorRef<Object>) to, message));
    }

    @Override
    public long now() {
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
            current = next.to();
        }
        next.ref().tell(next.message());
    }

    /** The clock moves on by the step just over; then one due queue head, as the scheduler picks. Null when none is left. */
    private Envelope chooseNext() {
        long now = this.now + stepCycles / cyclesPerNs;
        stepCycles = 0;
        long due = Long.MAX_VALUE;
        for (ArrayDeque<Envelope> q : queues.values()) due = Math.min(due, q.peek().at());
        for (Envelope e : timers) due = Math.min(due, e.at());
        if (due == Long.MAX_VALUE) {
            this.now = now;
            failure = new IllegalStateException("deterministic run has nothing left to deliver");
            notifyAll();
            return null;
        }
        if (due > now) now = due;
        long until = now + windowNs;
        int n = 0;
        for (ArrayDeque<Envelope> q : queues.values()) if (q.peek().at() <= until) n = add(n, q.peek().to());
        for (Envelope e : timers) if (e.at() <= until) n = add(n, e.to());
        int pick = n == 1 ? 0 : scheduler.choose(candidates, n); // a policy counts real choices only
        Envelope chosen = null;
        for (var it = queues.values().iterator(); it.hasNext() && chosen == null; ) {
            ArrayDeque<Envelope> q = it.next();
            if (q.peek().at() <= until && pick-- == 0) {
                chosen = q.poll();
                if (q.isEmpty()) it.remove();
            }
        }
        for (int i = 0; i < timers.size() && chosen == null; i++) {
            if (timers.get(i).at() <= until && pick-- == 0) chosen = timers.remove(i);
        }
        if (chosen != null) {
            this.now = Math.max(now, chosen.at()); // chosen ahead of earlier ones: they wait for it
            return chosen;
        }
        throw new AssertionError("a due message vanished");
    }

    private int add(int n, int agent) {
        if (n == candidates.length) candidates = Arrays.copyOf(candidates, 2 * n);
        candidates[n] = agent;
        return n + 1;
    }
    /** The scheduler's choices: the run's choice sequence. */
    public synchronized ChoiceLog choices() {
        return scheduler.choices();
    }

    @Override
    public synchronized void redelivering(int n) {
        inFlight += n;
    }

    @Override
    public synchronized void charge(long cycles) {
        stepCycles += cycles;
    }

    /** Deliveries seen at the last progress check, and since when (wall ms) that count has not moved. */
    private long seen = -1;
    private long seenSince = System.currentTimeMillis();

    /**
     * Called between waits for the run's end: throws what failed inside the scheduler, or a stall (no delivery for
     * {@link #STALL_MS}) naming the seed, the actor last run and who has mail.
     */
    public synchronized void checkProgress() {
        if (failure != null) throw failure;
        if (delivered != seen) {
            seen = delivered;
            seenSince = System.currentTimeMillis();
        } else if (System.currentTimeMillis() - seenSince > STALL_MS) {
            throw new IllegalStateException("deterministic scheduler stalled (seed " + seed + "): " + inFlight + " deliveries unhandled, "
                    + ids.name(current) + " last; pending: " + pendingSummary());
        }
    }

    /** Who has mail, for a stall's message. */
    private String pendingSummary() {
        StringBuilder b = new StringBuilder();
        for (ArrayDeque<Envelope> q : queues.values()) {
            b.append(q.size()).append(" for ").append(q.peek().ref().path().name()).append(" (")
                    .append(q.peek().message().getClass().getSimpleName()).append("), ");
        }
        return b.append(timers.size()).append(" timers").toString();
    }
}
