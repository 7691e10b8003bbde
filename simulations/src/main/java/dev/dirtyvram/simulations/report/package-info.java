/**
 * What a reader opens: {@code report}, one self-contained HTML page for a run, a sweep or a hunt.
 *
 * <p>Uses: persistence, persistence.store, simulations.cli, simulations.replay.
 */
package dev.dirtyvram.simulations.report;
