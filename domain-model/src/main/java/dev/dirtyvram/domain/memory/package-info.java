/**
 * Machine memory shared by hardware and software, with one linearisation counter (MachineMemory); PTE bits, the p2m and frame layouts; restoring frame contents a compact journal leaves out.
 *
 * <p>Uses: domain, domain.event.
 */
package dev.dirtyvram.domain.memory;
