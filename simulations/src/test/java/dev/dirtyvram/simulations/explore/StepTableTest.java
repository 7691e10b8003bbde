package dev.dirtyvram.simulations.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.oracle.Explainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A shrunk run's step table without the command line. */
class StepTableTest {
    @Test
    void keepsThePagesStepsMarksTheFailingStoreAndFoldsRepeats() {
        SimConfig cfg = SimConfig.builder().vcpus(2).lfbPages(4).build();
        int page = 1;
        int mfn = Machine.p2m(cfg).mfnOfLfbPage(page);
        int otherMfn = Machine.p2m(cfg).mfnOfLfbPage(2);
        Explainer.Verdict v = new Explainer.Verdict(7, 700, 0, page, Explainer.Violation.values()[0], Explainer.Cause.values()[0], "");
        StepTable t = new StepTable(cfg, v);
        t.op(0, Op.TLB_FILL, page, 0, 1, 100);          // d1v0 walks the page's sl1e
        t.op(0, Op.GUEST_WRITE, mfn, 2, 2, 200);        // and stores, three times in a row
        t.op(0, Op.GUEST_WRITE, mfn, 3, 3, 300);
        t.op(0, Op.GUEST_WRITE, mfn, 4, 4, 400);
        t.op(1, Op.GUEST_WRITE, otherMfn, 5, 5, 500);   // another page: not in the table
        t.op(2, Op.HARVEST_STARTED, 1, 0, 6, 600);      // the hypervisor
        t.op(0, Op.GUEST_WRITE, mfn, 7, 7, 700);        // the failing store
        assertEquals(List.of("walk", "store x3", "harvest 1 begins", ">> STORE (the failing one)"),
                t.rows.stream().map(r -> r.what().startsWith("walk") ? "walk" : r.what()).toList());
        assertEquals(List.of(0, 0, 2, 0), t.rows.stream().map(StepTable.Row::actor).toList());
        assertEquals(2, t.rows.get(1).lseq(), "a folded run of rows keeps its first");
    }
}
