package dev.dirtyvram.actors.cluster;

import dev.dirtyvram.domain.driver.StopSignal;
import dev.dirtyvram.persistence.BadInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * One of a member's run slots: finds coordinators through the receptionist, asks one for a run when free, makes it
 * (a run blocks its thread, so it goes to the member's own pool of {@code --jobs} threads), answers with what it
 * found, and asks again. A run cut short because the member is being stopped is not reported: its coordinator hands it
 * to another member once this one has left.
 */
public final class RunWorker {
    /** The cluster role of members that make runs (coordinators have none). */
    public static final String ROLE = "worker";

    public interface Command {}

    /** Makes one run: a resolved configuration in, what it found out. */
    public interface Runs {
        RunWork.Result run(String scenario, boolean judged) throws Exception;
    }

    private record Coordinators(Set<ActorRef<RunCoordinator.Command>> found) implements Command {}

    private record Made(RunWork.Assignment assignment, RunWork.Result result, Throwable failure) implements Command {}

    private enum AskAgain implements Command { INSTANCE }

    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final Runs runs;
    private final Executor threads;
    private final Consumer<String> log;
    private final ActorRefResolver refs;
    private final String self;
    private List<ActorRef<RunCoordinator.Command>> coordinators = List.of();
    private int next;
    private boolean busy;
    /** The coordinator asked and not yet answered (one question at a time, or a slot could get two runs). */
    private ActorRef<RunCoordinator.Command> asked;

    private RunWorker(ActorContext<Command> ctx, TimerScheduler<Command> timers, Runs runs, Executor threads, Consumer<String> log) {
        this.ctx = ctx;
        this.timers = timers;
        this.runs = runs;
        this.threads = threads;
        this.log = log;
        this.refs = ActorRefResolver.get(ctx.getSystem());
        this.self = refs.toSerializationFormat(ctx.getSelf());
    }

    /** @param log hears a line per run begun and ended */
    public static Behavior<Command> create(Runs runs, Executor threads, Consumer<String> log) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class,
                    l -> new Coordinators(l.getServiceInstances(RunWork.COORDINATORS)));
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(RunWork.COORDINATORS, listings));
            return new RunWorker(ctx, timers, runs, threads, log).behavior();
        }));
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Coordinators.class, c -> {
                    coordinators = new ArrayList<>(c.found());
                    if (asked != null && !coordinators.contains(asked)) asked = null; // it is gone: no answer will come
                    if (!busy) ask();
                    return Behaviors.same();
                })
                .onMessage(RunWork.NoWork.class, n -> {
                    asked = null;
                    // Another coordinator may have work; this one may get runs back from a lost member.
                    timers.startSingleTimer(AskAgain.INSTANCE, Duration.ofMillis(500));
                    return Behaviors.same();
                })
                .onMessage(AskAgain.class, a -> {
                    if (!busy) ask();
                    return Behaviors.same();
                })
                .onMessage(RunWork.Assignment.class, this::make)
                .onMessage(Made.class, this::made)
                .build();
    }

    private void ask() {
        if (asked != null || coordinators.isEmpty() || StopSignal.requested()) return;
        asked = coordinators.get(next++ % coordinators.size());
        asked.tell(new RunWork.Ready(self));
    }

    private Behavior<Command> make(RunWork.Assignment a) {
        asked = null;
        busy = true;
        log.accept("run " + a.id() + " for " + refs.resolveActorRef(a.coordinator()).path().address());
        CompletableFuture<RunWork.Result> run = CompletableFuture.supplyAsync(() -> {
            try {
                return runs.run(a.scenario(), a.judged());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        ctx.pipeToSelf(run, (r, e) -> new Made(a, r, e == null ? null : e.getCause() == null ? e : e.getCause()));
        return Behaviors.same();
    }

    private Behavior<Command> made(Made m) {
        busy = false;
        if (StopSignal.requested()) return Behaviors.same(); // cut short: the coordinator gives it to another member
        ActorRef<RunCoordinator.Command> to = refs.resolveActorRef(m.assignment().coordinator());
        if (m.failure() != null) {
            log.accept("run " + m.assignment().id() + " failed: " + m.failure().getMessage());
            to.tell(new RunWork.Failed(m.assignment().id(), self, "on " + ctx.getSystem().address() + ": " + m.failure().getMessage(),
                    m.failure() instanceof BadInputException));
        } else {
            log.accept("run " + m.assignment().id() + " done: " + m.result().runId());
            to.tell(new RunWork.Finished(m.assignment().id(), self, m.result()));
        }
        ask();
        return Behaviors.same();
    }
}
