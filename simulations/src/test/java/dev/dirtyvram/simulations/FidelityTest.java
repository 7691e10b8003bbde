package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.oracle.RunSummary;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.run.FidelityCommand;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
/** The model against Xen's published figures, the cost model's knobs, and the fidelity table. */
class FidelityTest {
    private final ScenarioLoader loader = new ScenarioLoader();

    @Test
    void xen33sPublishedCpuFiguresAreReproducedWithinAFactorOfTwo() {
        for (FidelityCommand.Comparison c : FidelityCommand.xen33(loader)) {
            double ratio = c.ratio();
            assertTrue(ratio >= 0.5 && ratio <= 2.0, c.published().figure() + ": simulated " + c.run().cpuPercent()
                    + "% against " + c.published().percent() + "%");
        }
    }

    private RunSummary idleScreen(String strategy, String... set) {
        List<String> over = new ArrayList<>(List.of("mode=reference", "duration=1s", "strategy=" + strategy));
        over.addAll(List.of(set));
        return ReferenceDriver.run(loader.load("idle-screen", Setting.parseAll(over)).cfg());
    }

    @Test
    void aChangedCostMovesTheFiguresThatDependOnIt() {
        RunSummary base = idleScreen("sl1ma");
        RunSummary perFrame = idleScreen("sl1ma", "cost.sl1ma-per-frame=400");
        assertTrue(perFrame.hypervisorCpuPercent() > base.hypervisorCpuPercent(), "sl1ma's per-frame lookups are the hypervisor's");
        // (the share moves a hair: the walk's virtual time, hence the run's, changed with the cost)
        assertEquals(base.deviceModelCpuPercent(), perFrame.deviceModelCpuPercent(), base.deviceModelCpuPercent() * 0.01);
        RunSummary refresh = idleScreen("sl1ma", "cost.device-model-refresh=600000");
        assertTrue(refresh.deviceModelCpuPercent() > base.deviceModelCpuPercent(), "the fixed refresh cost is the device model's");
        assertEquals(base.hypervisorCpuPercent(), refresh.hypervisorCpuPercent(), base.hypervisorCpuPercent() * 0.01);
        RunSummary memcmp = idleScreen("memcmp");
        RunSummary dearer = idleScreen("memcmp", "cost.memcmp-per-kbyte=1000");
        assertTrue(dearer.deviceModelCpuPercent() > memcmp.deviceModelCpuPercent());
        RunSummary preset2008 = idleScreen("memcmp", "cost.preset=2008");
        assertNotEquals(memcmp.deviceModelCpuPercent(), preset2008.deviceModelCpuPercent(), "the preset changes the costs");
        RunSummary overridden = idleScreen("memcmp", "cost.preset=2008", "cost.memcmp-per-kbyte=250");
        assertTrue(overridden.deviceModelCpuPercent() < preset2008.deviceModelCpuPercent(), "a cost key replaces its preset's");
    }

    @Test
    void theFidelityTableMeasuresEachHazardUnderEachSetting() {
        Cli r = Cli.run("fidelity", "--seeds", "1", "--json");
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        Config c = ConfigFactory.parseString(r.out());
        assertTrue(c.getBoolean("reproduced"));
        List<? extends Config> hazards = c.getConfigList("hazards");
        int rows = 0;
        for (FidelityCommand.Hazard h : FidelityCommand.HAZARDS) rows += h.settings().size();
        assertEquals(rows, hazards.size());
        for (Config h : hazards) {
            if (h.getString("scenario").equals("nonatomic-clear")) {
                // Reached the way a hunt reaches it (a scheduling window): the bug and its fix differ.
                if (h.getString("setting").equals("off")) assertTrue(h.getInt("failingRuns") > 0, "the plain read-modify-write wipes a D bit");
                else assertEquals(0, h.getInt("failingRuns"), "lock btr does not");
                assertEquals(30, h.getInt("seeds"), "the hazard's own number of runs, above --seeds");
                assertEquals(h.getString("setting").equals("off") ? "bug-found" : "complete", h.getString("check"), h.root().render());
            }
            if (h.getString("scenario").equals("teardown-literal")) {
                assertEquals(h.getString("setting").equals("set-l1e") ? "bug-found" : "complete", h.getString("check"), h.root().render());
            }
            // check reaches the idle drop: a store in its shadowSetL1e's window, and one its put hook marks for nothing
            if (h.getString("scenario").equals("set-l1e-window")) {
                assertEquals(h.getString("setting").equals("read-then-store") ? "bug-found" : "complete", h.getString("check"), h.root().render());
            }
            if (h.getString("scenario").equals("kvm-wp-before-swap")) {
                boolean bug = h.getString("setting").equals("on");
                assertEquals(bug ? "bug-found" : "complete", h.getString("check"), h.root().render());
                if (bug) assertTrue(h.getInt("failingRuns") > 0, "seeded runs lose stores too");
                else assertEquals(0, h.getInt("failingRuns"));
            }
            if (h.getString("scenario").equals("hap-pml-no-drain")) {
                boolean bug = h.getString("setting").equals("off");
                assertEquals(bug ? "bug-found" : "complete", h.getString("check"), h.root().render());
                if (bug) assertTrue(h.getInt("failingRuns") > 0, "runs without the drain lose stores");
                else assertEquals(0, h.getInt("failingRuns"));
            }
            if (h.getString("scenario").equals("hap-flush-after-unpause") || h.getString("scenario").equals("kvm-unlock-before-flush")) {
                // the answer, not a bug: both orders complete, and no seeded run loses a store
                assertEquals("complete", h.getString("check"), h.root().render());
                assertEquals(0, h.getInt("failingRuns"));
            }
            if (h.getString("scenario").equals("kvm-ring-full")) {
                // full exits with the small ring only (its promise), and nothing lost with either
                assertEquals(h.getString("setting").equals("256") ? h.getInt("seeds") : 0, h.getInt("promisesKept"), h.root().render());
                assertEquals(0, h.getInt("failingRuns"));
            }
            if (h.getString("scenario").equals("sl1ma-drop")) {
                assertEquals(h.getString("setting").equals("xen-2026") ? "bug-found" : "complete", h.getString("check"), h.root().render());
            }
            if (!h.getString("scenario").equals("teardown-literal")) continue;
            if (h.getString("setting").equals("set-l1e")) {
                assertTrue(h.getLong("lateReports") > 0, "the literal hook misses the teardown");
                assertEquals(1, h.getInt("promisesKept"));
            } else {
                assertEquals(0, h.getLong("lateReports"), "the destroy hook reports the torn-down entries");
            }
        }
    }
}
