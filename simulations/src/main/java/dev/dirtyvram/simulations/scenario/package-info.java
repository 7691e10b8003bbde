/**
 * Scenarios: built-in and file scenarios resolved with settings (Setting, --set: SettingOptions) over the defaults, their
 * promises (Expectation), the parameters printed before a run.
 *
 * <p>Uses: actors.delivery, domain, domain.config, domain.cost, domain.oracle, domain.schedule, domain.workload, persistence, persistence.store, simulations.cli.
 */
package dev.dirtyvram.simulations.scenario;
