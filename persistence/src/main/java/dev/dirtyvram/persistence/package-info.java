/**
 * What the storage layer says to its callers: bad input (BadInputException), which journal a run uses, a journal that failed.
 *
 * <p>Uses: no other package of the project.
 */
package dev.dirtyvram.persistence;
