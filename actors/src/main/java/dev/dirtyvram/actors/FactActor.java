package dev.dirtyvram.actors;

import dev.dirtyvram.domain.event.ActorState;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.OpBatch;
import dev.dirtyvram.domain.event.OpBuffer;
import dev.dirtyvram.domain.event.OpLog;
import java.util.ArrayList;
import java.util.List;
import dev.dirtyvram.persistence.StoredRun;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The shape every simulator actor shares: a command handler asks the domain what happens (the domain records the
 * facts in this actor's buffer as they happen), then {@link #persistFacts} persists them as compact events and the
 * event handler folds them into the actor's {@link ActorState}.
 */
abstract class FactActor<C> extends EventSourcedBehavior<C, Fact, ActorState> {
    protected final Interconnect net;
    private final dev.dirtyvram.domain.cost.CostModel cost;
    private int stashed;
    protected final OpBuffer buffer = new OpBuffer();
    protected final OpLog log;
    /** Facts held back for one later journal write: at most this many accesses (~50 KB) or events. */
    static final int WRITE_BEHIND_OPS = 16_384;
    static final int WRITE_BEHIND_EVENTS = 256;
    private final List<Fact> unjournaled = new ArrayList<>();
    private long unjournaledOps;
    private final FactTap tap;
    private final int actor;

    FactActor(org.apache.pekko.actor.typed.javadsl.ActorContext<?> ctx, int actor, String name, Interconnect net, FactTap tap,
              dev.dirtyvram.domain.cost.CostModel cost) {
        // In a shared journal the run's id scopes the name (the prefix is empty in a run directory's own journal).
        super(PersistenceId.ofUniqueId(ctx.getSystem().settings().config().getString(StoredRun.PERSISTENCE_ID_PREFIX) + name));
        this.cost = cost;
        this.actor = actor;
        this.net = net;
        this.tap = tap;
        this.log = new OpLog(actor, net::now, buffer);
    }

    @Override
    public ActorState emptyState() {
        return ActorState.EMPTY;
    }

    @Override
    public EventHandler<ActorState, Fact> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(ActorState::apply);
    }

    /*
     * Every command handler ends through one of the helpers below, so that the interconnect hears when each message
     * is over (the deterministic scheduler delivers the next one only then) and what it cost.
     */

    /** Journal (in time) what the domain recorded since the last call, then {@code after}. */
    protected EffectBuilder<Fact, ActorState> persistFacts(Runnable after) {
        return persist(after, false);
    }

    /** Journal everything this actor still holds back, then {@code after}: the end of a run. */
    protected EffectBuilder<Fact, ActorState> flushJournal(Runnable after) {
        return persist(after, true);
    }

    /**
     * The message's facts move the deterministic clock and go to the tap at once; to the journal they go in batches:
     * they wait in {@link #unjournaled} until {@link #WRITE_BEHIND_OPS} accesses or {@link #WRITE_BEHIND_EVENTS}
     * events have gathered, so that one journal write serves many messages; a message is over without waiting for
     * that write (only a flush waits for it, and answers once everything is on the journal). What a crash loses is
     * the tail a killed run could not vouch for anyway (its replay says incomplete); a deterministic run regenerates
     * it from its seed.
     */
    private EffectBuilder<Fact, ActorState> persist(Runnable after, boolean flush) {
        List<Fact> facts = buffer.drain();
        for (Fact f : facts) {
            unjournaledOps += f instanceof OpBatch b ? b.size() : 1;
        }
        if (!facts.isEmpty()) {
            net.charge(cycles(facts));
            if (tap != null) tap.add(actor, facts);
            unjournaled.addAll(facts);
        }
        boolean full = unjournaledOps >= WRITE_BEHIND_OPS || unjournaled.size() >= WRITE_BEHIND_EVENTS;
        if (!flush) {
            List<Fact> batch = full ? takeUnjournaled() : List.of();
            // The message is over now; a batch is written meanwhile (this actor takes its next message after it).
            after.run();
            net.handled();
            return batch.isEmpty() ? Effect().none() : Effect().persist(batch);
        }
        List<Fact> batch = takeUnjournaled();
        Runnable done = () -> {
            after.run();
            net.handled();
        };
        if (batch.isEmpty()) return Effect().none().thenRun(done::run);
        return Effect().persist(batch).thenRun(done::run);
    }

    private List<Fact> takeUnjournaled() {
        List<Fact> batch = new ArrayList<>(unjournaled);
        unjournaled.clear();
        unjournaledOps = 0;
        return batch;
    }

    /** Nothing to persist beyond what the domain may have recorded. */
    protected EffectBuilder<Fact, ActorState> done() {
        return persistFacts(() -> { });
    }

    /** Keep the command for later (the shadow lock is held). */
    protected Effect<Fact, ActorState> stashCommand() {
        stashed++;
        net.handled();
        return Effect().stash();
    }

    /**
     * Handle the stashed commands again once {@code effect} is through. The interconnect hears of them before the
     * effect is built (building it says this message is handled): otherwise the deterministic scheduler could count
     * the run idle, or deliver another message that then races the unstashing with the journal's acknowledgement
     * (seen on a loaded machine: "nothing left to deliver").
     */
    protected Effect<Fact, ActorState> thenUnstashAll(java.util.function.Supplier<EffectBuilder<Fact, ActorState>> effect) {
        net.redelivering(stashed);
        stashed = 0;
        return effect.get().thenUnstashAll();
    }

    private long cycles(List<Fact> facts) {
        long c = 0;
        for (Fact f : facts) {
            if (f instanceof OpBatch b) for (int i = 0; i < b.size(); i++) c += cost.cyclesOf(b.kind(i));
        }
        return c;
    }
}
