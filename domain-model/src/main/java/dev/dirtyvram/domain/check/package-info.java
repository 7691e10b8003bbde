/**
 * The exhaustive check: every interleaving of a small bounded reference run ({@code schedule.stores}), explored by
 * re-running it under chosen choice sequences, with dynamic partial-order reduction over what each step touched and
 * an optional preemption bound.
 *
 * <p>Uses: domain.config, domain.driver, domain.event, domain.memory, domain.oracle, domain.schedule.
 */
package dev.dirtyvram.domain.check;
