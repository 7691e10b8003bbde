/**
 * Pekko journal plugins of live runs: the write-behind journal over LevelDB or PostgreSQL, the discarding one.
 *
 * <p>Uses: no other package of the project.
 */
package dev.dirtyvram.persistence.journal;
