/**
 * One run of the actors (ActorRun), concurrent or deterministic, in an actor system of its own or a host's.
 *
 * <p>Uses: actors.delivery, actors.machine, actors.tap, domain.config, domain.driver, domain.event, domain.oracle, domain.schedule, persistence, persistence.journal, persistence.store.
 */
package dev.dirtyvram.actors;
