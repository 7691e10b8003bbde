package dev.dirtyvram.actors;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.driver.ActorIds;
import dev.dirtyvram.domain.memory.MachineMemory;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.paging.GuestPageTables;
import dev.dirtyvram.domain.paging.VirtualLayout;

/** The hardware every actor of one run shares: machine memory, the p2m, the guest's page tables. */
public record Machine(SimConfig cfg, ActorIds ids, P2m p2m, VirtualLayout vl, MachineMemory mem, GuestPageTables gpt) {

    public static Machine of(SimConfig cfg) {
        P2m p2m = new P2m(cfg.lfbPages(), cfg.mfnLayout(), cfg.seed());
        VirtualLayout vl = new VirtualLayout(cfg.lfbPages());
        return new Machine(cfg, new ActorIds(cfg.vcpus()), p2m, vl,
                new MachineMemory(vl.virtualPages(), p2m.maxMfn()), new GuestPageTables(vl));
    }
}
