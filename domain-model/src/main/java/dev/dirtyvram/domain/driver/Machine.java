package dev.dirtyvram.domain.driver;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.memory.MachineMemory;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.paging.GuestPageTables;
import dev.dirtyvram.domain.paging.VirtualLayout;
import dev.dirtyvram.domain.schedule.SeedTree;
/**
 * The hardware one run shares, built from its configuration: machine memory, the p2m, the guest's page tables. The
 * reference driver's {@link Domain} and every actor of an actor run sit on one of these.
 */
public record Machine(SimConfig cfg, SeedTree seeds, ActorIds ids, P2m p2m, VirtualLayout vl, MachineMemory mem,
                      GuestPageTables gpt) {

    /** The run's p2m: its LFB size and frame layout, seeded from the run's seed tree. */
    public static P2m p2m(SimConfig cfg) {
        return new P2m(cfg.lfbPages(), cfg.mfnLayout(), SeedTree.of(cfg).layout());
    }

    /** A machine whose memory threads access at once (concurrent mode). */
    public static Machine of(SimConfig cfg) {
        return of(cfg, true);
    }

    /** @param shared whether threads access its memory at once; not when one thread at a time steps it */
    public static Machine of(SimConfig cfg, boolean shared) {
        P2m p2m = p2m(cfg);
        VirtualLayout vl = new VirtualLayout(cfg.lfbPages());
        MachineMemory mem = new MachineMemory(vl.virtualPages(), p2m.maxMfn(), shared);
        if (cfg.pml()) mem.enablePml(cfg.vcpus());
        return new Machine(cfg, SeedTree.of(cfg), new ActorIds(cfg.vcpus()), p2m, vl, mem, new GuestPageTables(vl));
    }
}
