/**
 * The one Kryo serializer bound to Serialized: journal format 2's blocks (FactBlockCodec, zstd) and format 1's events, the records cluster members send.
 *
 * <p>Uses: domain.event, domain.memory.
 */
package dev.dirtyvram.persistence.serialization;
