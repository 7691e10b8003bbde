/**
 * The harvest strategies (memcmp, logdirty-wp, dbit-paused, linear-walk, sl1ma, and KVM's kvm-dirty-log, kvm-clear-log and kvm-dirty-ring), each a walk stepped one access at a time.
 *
 * <p>Uses: domain.config, domain.event, domain.memory, domain.paging.
 */
package dev.dirtyvram.domain.strategy;
