/**
 * How the actors talk and tell time: the concurrent interconnect (dilated wall clock) and the deterministic one (one seeded scheduler, a virtual clock).
 *
 * <p>Uses: domain.event, domain.schedule.
 */
package dev.dirtyvram.actors.delivery;
