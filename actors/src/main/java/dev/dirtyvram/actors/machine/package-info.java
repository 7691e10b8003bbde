/**
 * The simulated machine's actors: a VCPU each, the shadow-lock owner (Xen), the device model, the guest OS script, the run's guardian and its quiesce protocol; thin shells over the domain.
 *
 * <p>Uses: actors.delivery, actors.tap, domain.config, domain.cost, domain.display, domain.driver, domain.event, domain.hypervisor, domain.strategy, domain.vcpu, domain.workload, persistence.store.
 */
package dev.dirtyvram.actors.machine;
