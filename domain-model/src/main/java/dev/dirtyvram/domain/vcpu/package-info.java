/**
 * One guest VCPU's hardware: its TLB (and why it is flushed, FlushReason) and the memory operations a load or store performs.
 *
 * <p>Uses: domain.config, domain.event, domain.memory.
 */
package dev.dirtyvram.domain.vcpu;
