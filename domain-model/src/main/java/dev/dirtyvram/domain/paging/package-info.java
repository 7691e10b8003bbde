/**
 * Guest and shadow page tables, the virtual layout of the LFB's mappings, shadowSetL1e and its hooks.
 *
 * <p>Uses: domain.config, domain.event, domain.memory.
 */
package dev.dirtyvram.domain.paging;
