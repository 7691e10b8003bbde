package dev.dirtyvram.simulations.cluster;

import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.simulations.cli.Options;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where a sweep's or a hunt's runs are made: here ({@code --jobs} at once) or on a cluster's members ({@code --cluster}). */
public final class WhereOptions {
    @Option(names = "--jobs", description = "Runs at once here (default: one per core).")
    Integer jobs;

    @Option(names = "--cluster", description = "host:port,... of members of a cluster (dirtyvram node): their workers make the runs.")
    String seeds;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    public boolean onCluster() {
        return seeds != null;
    }

    /** One line for what cannot be: a member list that is not host:port, --jobs for a cluster's runs, a --jobs out of range. */
    public void check() {
        if (seeds == null) {
            Options.jobs(jobs);
            return;
        }
        ClusterOptions.members(seeds);
        if (jobs != null) throw new BadInputException("--jobs is for runs made here; a cluster's members run as many as their own --jobs");
    }

    /** "4 at once" or "on the cluster through host:port". */
    public String describe() {
        return seeds == null ? Options.jobs(jobs) + " at once" : "on the cluster through " + seeds;
    }

    /** @param out where kept runs go, and judged runs' scratch */
    public Runner.Where where(Path out) {
        return new Runner.Where(Options.jobs(jobs), seeds == null ? null : cluster.settings(0, ClusterOptions.members(seeds)), out);
    }
}
