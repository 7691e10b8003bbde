/**
 * Runs as they are kept: run directories, PostgreSQL's runs table and journal, reading a run back through Pekko Persistence Query (streamed, checksummed).
 *
 * <p>Uses: domain.event, persistence, persistence.journal.
 */
package dev.dirtyvram.persistence.store;
