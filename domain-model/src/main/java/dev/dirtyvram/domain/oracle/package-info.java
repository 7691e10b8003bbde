/**
 * Judging a timeline: RunFold (the pure apply: memory image, counters, cost, digest), the Oracle (lost, late, spurious, latency), the summary, what a run achieved, and the Explainer's verdicts.
 *
 * <p>Uses: domain.config, domain.cost, domain.event, domain.memory, domain.paging, domain.vcpu, domain.workload.
 */
package dev.dirtyvram.domain.oracle;
