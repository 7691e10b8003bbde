/**
 * Facts: the elementary ops (Op) with their lseq, batches of them (OpBatch, OpBuffer, OpLog), completed harvests, the journal's blocks (FactBlock), the actors' numbering (ActorIds) and merging every actor's stream into one timeline (TimelineMerger).
 *
 * <p>Uses: domain.
 */
package dev.dirtyvram.domain.event;
