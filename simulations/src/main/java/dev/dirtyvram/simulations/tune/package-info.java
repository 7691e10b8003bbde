/**
 * Tuning the harvest interval: sweeps, their charts and the recommendation.
 *
 * <p>Uses: actors.cluster, domain.config, domain.driver, domain.oracle, persistence, persistence.store, simulations.cli, simulations.cluster, simulations.replay, simulations.run, simulations.scenario.
 */
package dev.dirtyvram.simulations.tune;
