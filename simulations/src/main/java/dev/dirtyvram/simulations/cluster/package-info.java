/**
 * Making many runs, here or on several machines: the one runner of sweeps and hunts (Runner, and WhereOptions for
 * --jobs or --cluster), worker members (node), coordinators, the runs both make (RunTasks).
 *
 * <p>Uses: actors, actors.cluster, domain.driver, domain.oracle, persistence, persistence.store, simulations.cli, simulations.run, simulations.scenario.
 */
package dev.dirtyvram.simulations.cluster;
