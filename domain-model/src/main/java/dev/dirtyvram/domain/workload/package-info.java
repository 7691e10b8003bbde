/**
 * What the guest does: each VCPU's workload and its guest program (schedule, timer exits, retries, idle).
 *
 * <p>Uses: domain.config, domain.paging, domain.schedule, domain.vcpu.
 */
package dev.dirtyvram.domain.workload;
