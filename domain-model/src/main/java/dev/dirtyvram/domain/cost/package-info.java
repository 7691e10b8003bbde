/**
 * The cost model: cycles per operation, CPU shares.
 *
 * <p>Uses: domain.event.
 */
package dev.dirtyvram.domain.cost;
