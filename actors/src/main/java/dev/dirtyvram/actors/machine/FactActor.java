package dev.dirtyvram.actors.machine;

import dev.dirtyvram.actors.delivery.Interconnect;
import dev.dirtyvram.actors.tap.FactTap;
import dev.dirtyvram.domain.cost.CostModel;
import dev.dirtyvram.domain.driver.Fatal;
import dev.dirtyvram.domain.event.ActorState;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.FactBlock;
import dev.dirtyvram.domain.event.Journaled;
import dev.dirtyvram.domain.event.OpBatch;
import dev.dirtyvram.domain.event.OpBuffer;
import dev.dirtyvram.domain.event.OpLog;
import dev.dirtyvram.persistence.store.StoredRun;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
/**
 * The shape every simulator actor shares: a command handler asks the domain what happens (the domain records the
 * facts in this actor's buffer as they happen), then {@link #persistFacts} hands them to the tap and, many messages'
 * at a time, persists them as one {@link FactBlock}; the event handler folds them into the actor's {@link ActorState}.
 */
abstract class FactActor<C> extends EventSourcedBehavior<C, Journaled, ActorState> {
    protected final Interconnect net;
    private final CostModel cost;
    private int stashed;
    protected final OpBuffer buffer = new OpBuffer();
    protected final OpLog log;
    /** Facts held back for one later journal write (one block): at most this many accesses or facts. */
    static final int WRITE_BEHIND_OPS = 1 << 15;
    static final int WRITE_BEHIND_FACTS = 4096;
    private final List<Fact> unjournaled = new ArrayList<>();
    private long unjournaledOps;
    private final FactTap tap;
    private final int actor;

    FactActor(ActorContext<?> ctx, int actor, String name, Interconnect net, FactTap tap, CostModel cost) {
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
    public EventHandler<ActorState, Journaled> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(ActorState::apply);
    }

    /** The actor's own command handlers; every command starts by telling the tap. */
    protected abstract CommandHandler<C, Journaled, ActorState> handlers();

    @Override
    public final CommandHandler<C, Journaled, ActorState> commandHandler() {
        CommandHandler<C, Journaled, ActorState> inner = handlers();
        return (state, command) -> {
            if (tap != null) tap.opened(actor);
            try {
                return inner.apply(state, command);
            } catch (Error e) {
                // Out of memory, say: the run stops and says so (ActorRun sees it), rather than Pekko's dying words.
                Fatal.record(e);
                return Effect().none();
            }
        };
    }

    /*
     * Every command handler ends through one of the helpers below, so that the interconnect hears when each message
     * is over (the deterministic scheduler delivers the next one only then) and what it cost.
     */

    /** Journal (in time) what the domain recorded since the last call, then {@code after}. */
    protected EffectBuilder<Journaled, ActorState> persistFacts(Runnable after) {
        return persist(after, false);
    }

    /** Journal everything this actor still holds back, then {@code after}: the end of a run. */
    protected EffectBuilder<Journaled, ActorState> flushJournal(Runnable after) {
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
    private EffectBuilder<Journaled, ActorState> persist(Runnable after, boolean flush) {
        handOver();
        boolean full = unjournaledOps >= WRITE_BEHIND_OPS || unjournaled.size() >= WRITE_BEHIND_FACTS;
        if (!flush) {
            FactBlock block = full ? takeUnjournaled() : null;
            // The message is over now; a block is written meanwhile (this actor takes its next message after it).
            after.run();
            net.handled();
            return block == null ? Effect().none() : Effect().persist(block);
        }
        FactBlock block = takeUnjournaled();
        Runnable done = () -> {
            after.run();
            net.handled();
        };
        if (block == null) return Effect().none().thenRun(done::run);
        return Effect().persist(block).thenRun(done::run);
    }

    /** What the message recorded: its cost to the clock, its facts to the tap (which hears the message is over). */
    private void handOver() {
        List<Fact> facts = buffer.drain();
        unjournaledOps += Fact.ops(facts);
        if (!facts.isEmpty()) {
            net.charge(cycles(facts));
            unjournaled.addAll(facts);
        }
        if (tap != null) tap.add(actor, facts);
    }

    /** Everything held back as one block, or null when nothing is. */
    private FactBlock takeUnjournaled() {
        if (unjournaled.isEmpty()) return null;
        FactBlock block = new FactBlock(actor, new ArrayList<>(unjournaled));
        unjournaled.clear();
        unjournaledOps = 0;
        if (tap != null) tap.journaled();
        return block;
    }

    /** Nothing to persist beyond what the domain may have recorded. */
    protected EffectBuilder<Journaled, ActorState> done() {
        return persistFacts(() -> { });
    }

    /** Keep the command for later (the shadow lock is held). */
    protected Effect<Journaled, ActorState> stashCommand() {
        stashed++;
        handOver();
        net.handled();
        return Effect().stash();
    }

    /**
     * Handle the stashed commands again once {@code effect} is through. The interconnect hears of them before the
     * effect is built (building it says this message is handled): otherwise the deterministic scheduler could count
     * the run idle, or deliver another message that then races the unstashing with the journal's acknowledgement
     * (seen on a loaded machine: "nothing left to deliver").
     */
    protected Effect<Journaled, ActorState> thenUnstashAll(Supplier<EffectBuilder<Journaled, ActorState>> effect) {
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
