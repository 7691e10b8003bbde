/**
 * Seeded scheduling: the seed tree, the policies (uniform, PCT, POS) behind one choose(), and choice sequences (recorded, written, replayed).
 *
 * <p>Uses: domain.config.
 */
package dev.dirtyvram.domain.schedule;
