package dev.dirtyvram.actors;

import dev.dirtyvram.domain.event.ActorState;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.OpBuffer;
import dev.dirtyvram.domain.event.OpLog;
import java.util.List;
import org.apache.pekko.persistence.typed.PersistenceId;
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
    protected final OpBuffer buffer = new OpBuffer();
    protected final OpLog log;
    private final FactTap tap;
    private final int actor;

    FactActor(int actor, String name, Interconnect net, FactTap tap) {
        super(PersistenceId.ofUniqueId(name));
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

    /** Persist what the domain recorded since the last call (nothing, when it recorded nothing), then {@code after}. */
    protected EffectBuilder<Fact, ActorState> persistFacts(Runnable after) {
        List<Fact> facts = buffer.drain();
        if (facts.isEmpty()) return Effect().none().thenRun(after::run);
        if (tap != null) tap.add(actor, facts);
        return Effect().persist(facts).thenRun(after::run);
    }

    protected static final Runnable NOTHING = () -> { };
}
