/**
 * qemu-dm's side: its copy of the display and the redraw after each harvest (DeviceModel).
 *
 * <p>Uses: domain.event, domain.memory, domain.strategy.
 */
package dev.dirtyvram.domain.display;
