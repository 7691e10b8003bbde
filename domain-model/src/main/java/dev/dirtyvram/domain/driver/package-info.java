/**
 * The whole machine wired together: Machine (memory, p2m, page tables of one run), Domain and the sequential ReferenceDriver; the process's stop and fatal-error flags (StopSignal, Fatal).
 *
 * <p>Uses: domain.config, domain.cost, domain.display, domain.event, domain.hypervisor, domain.memory, domain.oracle, domain.paging, domain.schedule, domain.vcpu, domain.workload.
 */
package dev.dirtyvram.domain.driver;
