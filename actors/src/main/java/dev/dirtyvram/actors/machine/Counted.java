package dev.dirtyvram.actors.machine;

import dev.dirtyvram.actors.delivery.Interconnect;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
/**
 * The scheduler contract for actors that persist nothing: every message they are handed counts as handled once its
 * handler returns, so no handler says so by hand. (Event-sourced actors say it in one place, {@link FactActor}, once
 * their facts are recorded.)
 */
final class Counted {
    private Counted() {}

    static <T> Behavior<T> by(Interconnect net, Class<T> type, Behavior<T> inner) {
        return Behaviors.intercept(() -> new BehaviorInterceptor<T, T>(type) {
            @Override
            public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
                Behavior<T> next = target.apply(ctx, msg);
                net.handled();
                return next;
            }
        }, inner);
    }
}
