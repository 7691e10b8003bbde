/**
 * The live folds: what the actors record goes to the run's fold as the run goes (merged by lseq in concurrent mode).
 *
 * <p>Uses: domain.driver, domain.event, domain.memory, domain.oracle.
 */
package dev.dirtyvram.actors.tap;
