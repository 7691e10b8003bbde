/**
 * What the storage layer says to its callers: bad input (BadInputException), which journal a run uses, a journal that failed.
 *
 * <p>Uses: domain.
 */
package dev.dirtyvram.persistence;
