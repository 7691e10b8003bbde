/**
 * What every command shares: exit statuses, shared options (-v, --jdbc-url, durations, --jobs), progress, JSON, the guard on standard error.
 *
 * <p>Uses: domain.config, domain.driver, persistence, persistence.store.
 */
package dev.dirtyvram.simulations.cli;
