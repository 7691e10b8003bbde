/**
 * The benchmark: every mode's stores per second, the journal on its own, hunt throughput.
 *
 * <p>Uses: actors, actors.delivery, domain.config, domain.driver, domain.event, domain.memory, domain.oracle, persistence, persistence.store, simulations.cli, simulations.explore, simulations.replay, simulations.run, simulations.scenario.
 */
package dev.dirtyvram.simulations.bench;
