package dev.dirtyvram.actors.cluster;

import dev.dirtyvram.persistence.BadInputException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
/**
 * Hands a sweep's or hunt's runs to the cluster's workers as they ask, and collects what they found. Runs handed to a
 * member that becomes unreachable, leaves or dies go back to the front of the queue for the next free worker; a result
 * is counted once, the first time it arrives (a run is a pure function of its configuration, so a late duplicate from
 * a member thought lost is the same run and is dropped). {@code done} completes once the plan hands out nothing more
 * and every run handed out is back.
 */
public final class RunCoordinator {
    public interface Command {}

    /** One run of the plan. */
    public record Task(long id, String scenario, boolean judged) {}

    /** Where the runs come from and what becomes of their results; called on the coordinator's thread only. */
    public interface Plan {
        /** The next run to hand out, or null when none is to start now. */
        Task next();

        /** Whether a run handed to a member that was lost must still be made. */
        boolean stillWanted(Task t);

        void finished(Task t, RunWork.Result result);

        /** No new run will be handed out any more. */
        boolean exhausted();
    }

    /** What the coordinator's progress shows. */
    public record Status(int members, long finished, long reassigned) {}

    private record ClusterChange(Object event) implements Command {}

    private record WorkerGone(ActorRef<RunWorker.Command> worker) implements Command {}

    private enum Tick implements Command { INSTANCE }

    private record Handed(Task task, ActorRef<RunWorker.Command> worker) {}

    private final ActorContext<Command> ctx;
    private final Plan plan;
    private final CompletableFuture<Void> done;
    private final Consumer<Status> status;
    private final ActorRefResolver refs;
    private final String self;
    private final ArrayDeque<Task> lost = new ArrayDeque<>();
    private final Map<Long, Handed> handed = new HashMap<>();
    private final Set<Address> workers = new HashSet<>();
    private final Set<Address> unreachable = new HashSet<>();
    private final Set<ActorRef<RunWorker.Command>> watched = new HashSet<>();
    private long finished;
    private long reassigned;

    private RunCoordinator(ActorContext<Command> ctx, Plan plan, CompletableFuture<Void> done, Consumer<Status> status) {
        this.ctx = ctx;
        this.plan = plan;
        this.done = done;
        this.status = status;
        this.refs = ActorRefResolver.get(ctx.getSystem());
        this.self = refs.toSerializationFormat(ctx.getSelf());
    }

    public static Behavior<Command> create(Plan plan, CompletableFuture<Void> done, Consumer<Status> status) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ctx.getSystem().receptionist().tell(Receptionist.register(RunWork.COORDINATORS, ctx.getSelf()));
            ActorRef<Object> events = ctx.messageAdapter(Object.class, ClusterChange::new);
            Cluster cluster = Cluster.get(ctx.getSystem());
            cluster.subscriptions().tell(Subscribe.create(events.narrow(), ClusterEvent.MemberEvent.class));
            cluster.subscriptions().tell(Subscribe.create(events.narrow(), ClusterEvent.ReachabilityEvent.class));
            timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(500));
            return new RunCoordinator(ctx, plan, done, status).behavior();
        }));
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(RunWork.Ready.class, this::ready)
                .onMessage(RunWork.Finished.class, this::finished)
                .onMessage(RunWork.Failed.class, f -> {
                    done.completeExceptionally(f.badInput() ? new BadInputException(f.reason())
                            : new IllegalStateException(f.reason()));
                    return Behaviors.same();
                })
                .onMessage(ClusterChange.class, c -> {
                    membership(c.event());
                    return Behaviors.same();
                })
                .onMessage(WorkerGone.class, g -> {
                    lose(h -> h.worker().equals(g.worker()));
                    return Behaviors.same();
                })
                .onMessage(Tick.class, t -> {
                    publishStatus();
                    checkDone();
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> ready(RunWork.Ready r) {
        ActorRef<RunWorker.Command> worker = refs.resolveActorRef(r.worker());
        Task t = null;
        while (t == null && !lost.isEmpty()) {
            Task l = lost.poll();
            if (plan.stillWanted(l)) t = l;
        }
        if (t == null && !done.isDone()) t = plan.next();
        if (t == null) {
            worker.tell(new RunWork.NoWork(self));
            checkDone();
            return Behaviors.same();
        }
        if (watched.add(worker)) ctx.watchWith(worker, new WorkerGone(worker));
        handed.put(t.id(), new Handed(t, worker));
        worker.tell(new RunWork.Assignment(t.id(), self, t.scenario(), t.judged()));
        publishStatus();
        return Behaviors.same();
    }

    private Behavior<Command> finished(RunWork.Finished f) {
        Handed h = handed.remove(f.id());
        Task t = h != null ? h.task() : lost.stream().filter(l -> l.id() == f.id()).findFirst().orElse(null);
        if (t == null) {
            ctx.getLog().debug("run {} came back twice: counted once", f.id());
            return Behaviors.same();
        }
        lost.remove(t);
        finished++;
        plan.finished(t, f.result());
        publishStatus();
        checkDone();
        return Behaviors.same();
    }

    private void membership(Object e) {
        if (e instanceof ClusterEvent.MemberUp up) {
            if (isWorker(up.member())) workers.add(up.member().address());
        } else if (e instanceof ClusterEvent.MemberRemoved removed) {
            workers.remove(removed.member().address());
            unreachable.remove(removed.member().address());
            lose(removed.member().address());
        } else if (e instanceof ClusterEvent.MemberExited || e instanceof ClusterEvent.MemberLeft) {
            lose(((ClusterEvent.MemberEvent) e).member().address());
        } else if (e instanceof ClusterEvent.UnreachableMember u) {
            unreachable.add(u.member().address());
            lose(u.member().address());
        } else if (e instanceof ClusterEvent.ReachableMember r) {
            unreachable.remove(r.member().address());
        }
        publishStatus();
    }

    private static boolean isWorker(Member m) {
        return m.hasRole(RunWorker.ROLE);
    }

    private void lose(Address member) {
        lose(h -> member.equals(h.worker().path().address()));
    }

    /** The runs handed to workers matching {@code gone} go back to the front of the queue. */
    private void lose(Predicate<Handed> gone) {
        var it = handed.values().iterator();
        while (it.hasNext()) {
            Handed h = it.next();
            if (!gone.test(h)) continue;
            it.remove();
            lost.addFirst(h.task());
            reassigned++;
            ctx.getLog().warn("run {} was on {}, which is gone: it goes to another member", h.task().id(), h.worker().path().address());
        }
    }

    private void publishStatus() {
        Set<Address> live = new HashSet<>(workers);
        live.removeAll(unreachable);
        status.accept(new Status(live.size(), finished, reassigned));
    }

    private void checkDone() {
        if (done.isDone() || !handed.isEmpty()) return;
        if (lost.stream().anyMatch(plan::stillWanted)) return;
        if (plan.exhausted()) done.complete(null);
    }
}
