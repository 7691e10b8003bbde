/**
 * The program: Main wires the commands to picocli and turns failures into one line and an exit status.
 *
 * <p>Uses: domain.config, domain.driver, persistence, simulations.bench, simulations.cli, simulations.cluster, simulations.explore, simulations.replay, simulations.report, simulations.run, simulations.scenario, simulations.tune.
 */
package dev.dirtyvram.simulations;
