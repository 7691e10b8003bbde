/**
 * Exploring: hunts for failures nobody scripted, and shrinking a failing run.
 *
 * <p>Uses: actors, actors.cluster, domain.config, domain.driver, domain.event, domain.memory, domain.oracle, domain.schedule, persistence, persistence.store, simulations.cli, simulations.cluster, simulations.replay, simulations.run, simulations.scenario.
 */
package dev.dirtyvram.simulations.explore;
