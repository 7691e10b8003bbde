package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.event.OpLog;
import dev.dirtyvram.domain.memory.MachineMemory;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.paging.GuestPageTables;
import dev.dirtyvram.domain.paging.ShadowPageTables;
import dev.dirtyvram.domain.paging.VirtualLayout;

/** What a strategy may touch: the hypervisor's side of the machine, and the shadow-lock owner's pen. */
public record HarvestContext(SimConfig cfg, MachineMemory mem, P2m p2m, VirtualLayout vl, GuestPageTables gpt,
                             ShadowPageTables shadow, OpLog log) {}
