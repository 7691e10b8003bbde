package dev.dirtyvram.actors.delivery;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import scala.concurrent.ExecutionContext$;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Concurrent mode: plain tells, the system scheduler, and a run clock that is the wall clock slowed by a dilation
 * factor. Races are real JVM races; dilation only stretches time, so that a machine too busy to keep the configured
 * rates in wall time keeps them in run time. With {@link TimeDilation#auto} the factor follows how far the VCPUs
 * are behind their guest programs' schedules: the clock stops while one is too far behind (the first-touch fault
 * storm, JIT warm-up, a CPU hog), then runs slower, and speeds back towards the wall clock while they keep up. A
 * VCPU or the device model says when it would be late ({@link Interconnect#lateAfter}).
 */
public final class ConcurrentInterconnect implements Interconnect {
    /** How often auto dilation looks at the VCPUs (wall time), and how long a timer sleeps before it looks again. */
    private static final long CONTROL_NS = 1_000_000L;
    /** Steps with nobody late before the clock speeds up again (50 ms). */
    private static final int CALM_STEPS = 50;
    private static final long NOT_STARTED = Long.MIN_VALUE;
    /** Wall time a run may spend stopped beyond MAX_FACTOR times its run time (JIT warm-up, the fault storm). */
    private static final long GRACE_NS = 5_000_000_000L;

    /** Timers' tells run on the scheduler's own thread: cheap, and not queued behind the actors' work. */
    private static final ExecutionContextExecutor ON_SCHEDULER_THREAD = ExecutionContext$.MODULE$.fromExecutor(Runnable::run);

    /** One stretch of the run clock: from wall time {@code wall0} on, run time {@code run0} plus wall time / factor. */
    private record Segment(long wall0, long run0, double factor) {
        long runAt(long wall) {
            return run0 + (long) ((wall - wall0) / factor);
        }
    }

    private final ActorSystem<?> system;
    /** Null until the run clock starts. */
    private volatile Segment clock;
    private volatile long started;
    private double maxFactor;
    /** Auto's factor while the clock runs (it stops outright while a VCPU is too far behind). */
    private double pace;
    /** Per VCPU, then one slot for the device model: when each is late (run clock). */
    private final AtomicLongArray lateAfter;
    private final AtomicInteger notStarted;
    private int calm;
    private int sinceGrowth = CALM_STEPS + 1;
    private final double initialFactor;
    /** Auto dilation's own thread: on the actors' dispatcher it would wait behind the very work it watches. */
    private final ScheduledExecutorService control;

    public ConcurrentInterconnect(ActorSystem<?> system, TimeDilation dilation, int vcpus) {
        this.system = system;
        this.initialFactor = dilation.factor();
        this.pace = dilation.factor();
        this.maxFactor = dilation.factor();
        // One slot per VCPU, and one for the device model (any actor id past the VCPUs'), not late until it says so.
        this.lateAfter = new AtomicLongArray(vcpus + 1);
        for (int v = 0; v < vcpus; v++) lateAfter.set(v, NOT_STARTED);
        lateAfter.set(vcpus, Long.MAX_VALUE);
        this.notStarted = new AtomicInteger(vcpus);
        if (vcpus == 0) startClock();
        if (dilation.auto()) {
            control = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dirtyvram-dilation");
                t.setDaemon(true);
                t.setPriority(Thread.MAX_PRIORITY);
                return t;
            });
            control.scheduleAtFixedRate(this::adjust, CONTROL_NS, CONTROL_NS, TimeUnit.NANOSECONDS);
        } else {
            control = null;
        }
    }

    @Override
    public <T> void send(ActorRef<T> to, T message) {
        to.tell(message);
    }

    @Override
    public <T> void sendAfter(ActorRef<T> to, T message, long delayNs) {
        at(now() + delayNs, () -> to.tell(message));
    }

    /** Runs {@code r} once the run clock reaches {@code deadline}, however the factor changes meanwhile. */
    private void at(long deadline, Runnable r) {
        Segment c = clock;
        long remaining = c == null ? CONTROL_NS : deadline - c.runAt(System.nanoTime());
        if (remaining <= 0) {
            r.run();
            return;
        }
        long wall = c == null ? CONTROL_NS : (long) Math.min(remaining * c.factor(), CONTROL_NS);
        system.scheduler().scheduleOnce(Duration.ofNanos(wall), () -> at(deadline, r), ON_SCHEDULER_THREAD);
    }

    /**
     * The run clock in whole microseconds: finer would only record how long the JVM took between two accesses (noise
     * that costs the journal a byte or two a fact), and the latencies a run reports are microseconds.
     */
    @Override
    public long now() {
        Segment c = clock;
        return c == null ? 0 : c.runAt(System.nanoTime()) / 1000 * 1000;
    }

    /**
     * The run clock starts (at 0) once every VCPU has said when it will be late: actor start-up and journal recovery
     * are not the run's time.
     */
    @Override
    public void lateAfter(int actor, long lateAfter) {
        int slot = Math.min(actor, this.lateAfter.length() - 1);
        if (this.lateAfter.getAndSet(slot, lateAfter) == NOT_STARTED && notStarted.decrementAndGet() == 0) startClock();
    }

    private void startClock() {
        started = System.nanoTime();
        clock = new Segment(started, 0, initialFactor);
    }

    /**
     * Auto dilation's step, every {@link #CONTROL_NS} of wall time. When an actor is late (a VCPU too far behind its
     * guest program to catch up in full, a harvest still running close to its next refresh), the run clock stops
     * until it is not, and runs 25 % slower after (at most once per {@link #CALM_STEPS} steps, so that a run of short
     * stops does not compound); after {@link #CALM_STEPS} steps with nobody late, it speeds up again by 1 % a step,
     * never past the wall clock. Once the run has taken {@link TimeDilation#MAX_FACTOR} times its run time (and a
     * grace for start-up) it no longer stops: a machine that slow lets the run fall short, and the run says so.
     */
    private synchronized void adjust() {
        Segment c = clock;
        if (c == null) return;
        long wall = System.nanoTime();
        long run = c.runAt(wall);
        long late = Long.MIN_VALUE;
        for (int v = 0; v < lateAfter.length(); v++) late = Math.max(late, run - lateAfter.get(v));
        boolean mayStop = wall - started < TimeDilation.MAX_FACTOR * run + GRACE_NS;
        double next;
        sinceGrowth++;
        if (late > 0 && mayStop) {
            if (!frozen(c) && sinceGrowth > CALM_STEPS) {
                pace = Math.min(TimeDilation.MAX_FACTOR, pace * 1.25);
                sinceGrowth = 0;
            }
            next = Double.POSITIVE_INFINITY;
            calm = 0;
        } else {
            if (!frozen(c) && ++calm > CALM_STEPS) pace = Math.max(1, pace * 0.99);
            next = pace;
        }
        if (next != c.factor()) {
            clock = new Segment(wall, run, next);
            maxFactor = Math.max(maxFactor, pace);
        }
    }

    private static boolean frozen(Segment c) {
        return c.factor() == Double.POSITIVE_INFINITY;
    }

    /** Wall time per run time since the run clock started: the run's mean dilation. */
    public double meanDilation() {
        Segment c = clock;
        if (c == null) return initialFactor;
        long wall = System.nanoTime();
        long run = c.runAt(wall);
        return run <= 0 ? c.factor() : (double) (wall - started) / run;
    }

    public synchronized double maxDilation() {
        return maxFactor;
    }

    /** Stops auto dilation's checks (the run is over). */
    public void stop() {
        if (control != null) control.shutdownNow();
    }
}
