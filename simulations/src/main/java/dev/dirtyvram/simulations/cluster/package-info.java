/**
 * Running on several machines: worker members (node), coordinators, the runs both make (RunTasks).
 *
 * <p>Uses: actors, actors.cluster, domain.driver, persistence, persistence.store, simulations.cli, simulations.run, simulations.scenario.
 */
package dev.dirtyvram.simulations.cluster;
