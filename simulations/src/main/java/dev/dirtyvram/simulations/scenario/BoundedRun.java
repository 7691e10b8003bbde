package dev.dirtyvram.simulations.scenario;

import java.util.List;

/** The overrides that make a scenario's run a small bounded one, as check explores it (reference mode, no journal). */
public final class BoundedRun {
    private BoundedRun() {}

    public static List<String> overrides(int vcpus, int pages, int stores, int harvests) {
        return List.of("mode=reference", "journal=off", "vcpus=" + vcpus, "lfb.pages=" + pages, "schedule.stores=" + stores,
                "schedule.harvests=" + harvests,
                // Timer exits are steps that touch nothing shared: they would only multiply the schedules.
                "guest.vm-exit-rate=0");
    }
}
