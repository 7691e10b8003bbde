/**
 * One run: the run command, a scenario into a run directory (ScenarioRun), its summary fields, a judged run with its failure signatures, fidelity.
 *
 * <p>Uses: actors, domain.check, domain.config, domain.driver, domain.event, domain.oracle, domain.schedule, domain.workload, persistence, persistence.store, simulations.cli, simulations.scenario.
 */
package dev.dirtyvram.simulations.run;
