package dev.dirtyvram.actors.delivery;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * How the simulator's actors talk and tell time. Every message between them (and to themselves) goes through
 * here, so that a deterministic scheduler can decide delivery order and keep a virtual clock without the actors
 * changing.
 */
public interface Interconnect {
    <T> void send(ActorRef<T> to, T message);

    <T> void sendAfter(ActorRef<T> to, T message, long delayNs);

    /** The run's clock in nanoseconds since it started: facts are stamped with it. */
    long now();

    /** The message being handled is over: its facts are persisted and its replies sent. */
    default void handled() { }

    /** {@code n} stashed messages are about to be handled again (each will say {@link #handled}). */
    default void redelivering(int n) { }

    /** The work of the message being handled, in cost-model cycles (the deterministic clock moves on by it). */
    default void charge(long cycles) { }

    /**
     * Actor {@code actor} (a VCPU, or the device model) is late once the run clock passes {@code lateAfter}: a VCPU
     * that has not run by then can no longer catch up its guest program in full, a harvest still running then
     * delays the next refresh. Auto time dilation keeps the run clock from passing it.
     */
    default void lateAfter(int actor, long lateAfter) { }
}
