package dev.dirtyvram.actors;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/** Concurrent mode: plain tells, the system scheduler, wall time. Races are real JVM races. */
public final class ConcurrentInterconnect implements Interconnect {
    private final ActorSystem<?> system;
    private final long start = System.nanoTime();

    public ConcurrentInterconnect(ActorSystem<?> system) {
        this.system = system;
    }

    @Override
    public <T> void send(ActorRef<T> to, T message) {
        to.tell(message);
    }

    @Override
    public <T> void sendAfter(ActorRef<T> to, T message, long delayNs) {
        system.scheduler().scheduleOnce(Duration.ofNanos(delayNs), () -> to.tell(message), system.executionContext());
    }

    @Override
    public long now() {
        return System.nanoTime() - start;
    }
}
