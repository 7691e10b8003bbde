package dev.dirtyvram.simulations.scenario;

import java.util.List;

/** The overrides that make a scenario's run a small bounded one, as check explores it (reference mode, no journal). */
public final class BoundedRun {
    private BoundedRun() {}

    public static List<Setting> overrides(int vcpus, int pages, int stores, int harvests) {
        return List.of(Setting.of("mode", "reference"), Setting.of("journal", "off"), Setting.of("vcpus", vcpus),
                Setting.of("lfb.pages", pages), Setting.of("schedule.stores", stores), Setting.of("schedule.harvests", harvests),
                // Timer exits are steps that touch nothing shared: they would only multiply the schedules.
                Setting.of("guest.vm-exit-rate", 0));
    }
}
