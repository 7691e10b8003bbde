/**
 * A run's configuration: SimConfig and the enums it is made of, read from dirtyvram-defaults.conf (SimConfigReader); durations, scripted guest events.
 *
 * <p>Uses: domain, domain.cost, domain.memory.
 */
package dev.dirtyvram.domain.config;
