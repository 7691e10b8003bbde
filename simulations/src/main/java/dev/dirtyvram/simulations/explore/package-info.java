/**
 * Exploring: hunts for failures nobody scripted, and shrinking a failing run.
 *
 * <p>Uses: actors.cluster, domain.check, domain.config, domain.driver, domain.event, domain.memory, domain.oracle, domain.paging, domain.schedule, domain.vcpu, persistence, persistence.store, simulations.cli, simulations.cluster, simulations.replay, simulations.run, simulations.scenario.
 */
package dev.dirtyvram.simulations.explore;
