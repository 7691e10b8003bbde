/**
 * Xen's software under the shadow lock: shPageFault, emulated guest PTE writes, trackDirtyVram's protocol (TrackDirtyVram), flushTlbMask.
 *
 * <p>Uses: domain.config, domain.event, domain.memory, domain.paging, domain.strategy.
 */
package dev.dirtyvram.domain.hypervisor;
