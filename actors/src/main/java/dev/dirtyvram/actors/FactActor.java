package dev.dirtyvram.actors;

import dev.dirtyvram.domain.event.ActorState;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.OpBatch;
import dev.dirtyvram.domain.event.OpBuffer;
import dev.dirtyvram.domain.event.OpLog;
import java.util.List;
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
    private final FactTap tap;
    private final int actor;

    FactActor(int actor, String name, Interconnect net, FactTap tap, dev.dirtyvram.domain.cost.CostModel cost) {
        super(PersistenceId.ofUniqueId(name));
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

    /** Persist what the domain recorded since the last call (nothing, when it recorded nothing), then {@code after}. */
    protected EffectBuilder<Fact, ActorState> persistFacts(Runnable after) {
        List<Fact> facts = buffer.drain();
        Runnable done = () -> {
            after.run();
            net.handled();
        };
        if (facts.isEmpty()) return Effect().none().thenRun(done::run);
        net.charge(cycles(facts));
        if (tap != null) tap.add(actor, facts);
        return Effect().persist(facts).thenRun(done::run);
    }

    /** Nothing to persist beyond what the domain may have recorded. */
    protected EffectBuilder<Fact, ActorState> done() {
        return persistFacts(() -> { });
    }

    /** The facts recorded stay in the buffer for the next persist (a group commit that a later command makes). */
    protected Effect<Fact, ActorState> factsGoWithNextCommit() {
        net.handled();
        return Effect().none();
    }

    /** Keep the command for later (the shadow lock is held). */
    protected Effect<Fact, ActorState> stashCommand() {
        stashed++;
        net.handled();
        return Effect().stash();
    }

    /** Handle the stashed commands again once {@code effect} is through. */
    protected Effect<Fact, ActorState> thenUnstashAll(EffectBuilder<Fact, ActorState> effect) {
        net.redelivering(stashed);
        stashed = 0;
        return effect.thenUnstashAll();
    }

    private long cycles(List<Fact> facts) {
        long c = 0;
        for (Fact f : facts) {
            if (f instanceof OpBatch b) for (int i = 0; i < b.size(); i++) c += cost.cyclesOf(b.kind(i));
        }
        return c;
    }
}
