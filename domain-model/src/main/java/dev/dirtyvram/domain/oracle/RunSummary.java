package dev.dirtyvram.domain.oracle;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run's timeline folds into. Live runs and replays compute it with the same fold, so they must agree.
 * Latencies are nanoseconds of the run's clock (virtual in the reference driver and deterministic mode, wall in
 * concurrent mode, dilated). {@code complete} is false when the timeline ends before the quiesce protocol finished (a
 * killed run): lost updates are then not judged. {@code refusedStores} are guest stores the guest's own page tables
 * refused (a fault reflected to the guest): attempted, so they count towards what the guest program did.
 * {@code writeAccessDrops} counts sl1ma's idle drops, {@code ringFullExits} kvm-dirty-ring's full exits. The CPU
 * shares are of one core at {@code cost.cycles-per-ns} over the run's guest time: the device model's (its fixed cost
 * per refresh, memcmp, redraws) and the hypervisor's (the hypercall, the walk, sl1ma's per-frame lookups, flushes,
 * pauses, the shadow faults and the dirty ring's full exits).
 */
public record RunSummary(long facts, long guestWrites, long guestReads, long harvests, long fallbacks,
                         long noDataHarvests, long faults, long guestFaults, long refusedStores, long vmExits, long tlbFlushes, long ipis,
                         long lostUpdates, int lostPages, long lateReports, long spuriousDirty, long latencyP50Ns,
                         long latencyP99Ns, long latencyMaxNs, long harvestCostCycles, long faultCostCycles,
                         long redrawCostCycles, long writeAccessDrops, long ringFullExits, double deviceModelCpuPercent,
                         double hypervisorCpuPercent, long guestTimeNs, boolean complete, String digest) {

    /** The CPU dirty tracking costs: the device model's share and the hypervisor's. */
    public double cpuPercent() {
        return deviceModelCpuPercent + hypervisorCpuPercent;
    }

    /** Field name to value, in a fixed order: the summary table, JSON and CSV all print from this. */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("complete", complete);
        m.put("facts", facts);
        m.put("guestWrites", guestWrites);
        m.put("guestReads", guestReads);
        m.put("harvests", harvests);
        m.put("fallbacks", fallbacks);
        m.put("noDataHarvests", noDataHarvests);
        m.put("faults", faults);
        m.put("guestFaults", guestFaults);
        m.put("refusedStores", refusedStores);
        m.put("vmExits", vmExits);
        m.put("tlbFlushes", tlbFlushes);
        m.put("ipis", ipis);
        m.put("lostUpdates", lostUpdates);
        m.put("lostPages", lostPages);
        m.put("lateReports", lateReports);
        m.put("spuriousDirty", spuriousDirty);
        // Milliseconds of the run's clock, as summary.json, --json and sweep.csv give them: one unit a field everywhere.
        m.put("latencyP50", latencyP50Ns / 1e6);
        m.put("latencyP99", latencyP99Ns / 1e6);
        m.put("latencyMax", latencyMaxNs / 1e6);
        m.put("harvestCostCycles", harvestCostCycles);
        m.put("faultCostCycles", faultCostCycles);
        m.put("redrawCostCycles", redrawCostCycles);
        m.put("writeAccessDrops", writeAccessDrops);
        m.put("ringFullExits", ringFullExits);
        m.put("deviceModelCpuPercent", deviceModelCpuPercent);
        m.put("hypervisorCpuPercent", hypervisorCpuPercent);
        m.put("cpuPercent", cpuPercent());
        m.put("guestTimeNs", guestTimeNs);
        m.put("digest", digest);
        return m;
    }
}
