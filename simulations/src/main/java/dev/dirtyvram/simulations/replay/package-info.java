/**
 * Reading a run back: replay, explain, export, the page picture.
 *
 * <p>Uses: domain.config, domain.driver, domain.event, domain.memory, domain.oracle, domain.paging, domain.vcpu, persistence, persistence.store, simulations.cli, simulations.run, simulations.scenario.
 */
package dev.dirtyvram.simulations.replay;
