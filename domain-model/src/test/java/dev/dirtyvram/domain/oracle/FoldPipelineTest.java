package dev.dirtyvram.domain.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.memory.MfnLayout;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.api.Test;

class FoldPipelineTest {
    /** Counts what it hears, and the order: a pipelined run's extra sink must hear the same facts in the same order. */
    static final class Heard implements FactSink {
        long ops;
        long harvests;
        long lastLseq;
        long orderHash = 17;

        @Override
        public void op(int actor, Op kind, int target, long value, long lseq, long time) {
            ops++;
            lastLseq = lseq;
            orderHash = orderHash * 31 + lseq * 7 + kind.ordinal() + target;
        }

        @Override
        public void harvest(HarvestCompleted h) {
            harvests++;
            orderHash = orderHash * 31 + h.lseq();
        }
    }

    @Test
    void aRunFoldedOnItsOwnThreadGivesTheSameSummaryAndTimelineAsOneFoldedInline() {
        for (StrategyId s : StrategyId.values()) {
            SimConfig cfg = SimConfig.builder().strategy(s).vcpus(3).lfbPages(64).durationNs(150_000_000L).seed(5).build();
            Heard inline = new Heard();
            Heard piped = new Heard();
            RunSummary a = new ReferenceDriver(cfg, inline, true, false).run((DoubleConsumer) null);
            RunSummary b = new ReferenceDriver(cfg, piped, true, true).run((DoubleConsumer) null);
            assertEquals(a, b, s.id);
            assertTrue(a.facts() > 3 * FoldPipeline.CHUNK, "several chunks were handed over: " + a.facts());
            assertEquals(inline.ops, piped.ops, s.id);
            assertEquals(inline.harvests, piped.harvests, s.id);
            assertEquals(inline.orderHash, piped.orderHash, s.id + ": the same facts in the same order");
        }
    }

    @Test
    void aRunJudgedByItsVerdictsAloneHasTheMeasuredRunsVerdictsWithoutDigestOrLatencies() {
        boolean lossSeen = false;
        for (StrategyId s : StrategyId.values()) {
            // scattered frames make dbit-paused lose stores: the verdicts compared are not all zero
            SimConfig cfg = SimConfig.builder().strategy(s).vcpus(3).lfbPages(64).mfnLayout(MfnLayout.SCATTERED)
                    .durationNs(150_000_000L).seed(5).build();
            RunSummary measured = new ReferenceDriver(cfg, null, true).run((DoubleConsumer) null);
            RunSummary judged = new ReferenceDriver(cfg, null, false).run((DoubleConsumer) null);
            assertFalse(measured.digest().isEmpty(), s.id);
            assertTrue(measured.latencyP99Ns() > 0, s.id);
            assertEquals("", judged.digest(), s.id);
            assertEquals(0, judged.latencyP50Ns() + judged.latencyP99Ns() + judged.latencyMaxNs(), s.id);
            RunSummary unmeasured = new RunSummary(measured.facts(), measured.guestWrites(), measured.guestReads(),
                    measured.harvests(), measured.fallbacks(), measured.noDataHarvests(), measured.faults(), measured.guestFaults(),
                    measured.refusedStores(), measured.vmExits(), measured.tlbFlushes(), measured.ipis(), measured.lostUpdates(),
                    measured.lostPages(), measured.lateReports(), measured.spuriousDirty(), 0, 0, 0, measured.harvestCostCycles(),
                    measured.faultCostCycles(), measured.redrawCostCycles(), measured.writeAccessDrops(), measured.ringFullExits(),
                    measured.deviceModelCpuPercent(), measured.hypervisorCpuPercent(), measured.guestTimeNs(), measured.complete(), "");
            assertEquals(unmeasured, judged, s.id + ": everything else the same");
            lossSeen |= measured.lostUpdates() + measured.lateReports() > 0;
        }
        assertTrue(lossSeen, "some strategy lost or reported late a store");
    }

    @Test
    void whatTheFoldThrowsComesBackToTheMachine() {
        FoldPipeline p = new FoldPipeline(new FactSink() {
            @Override
            public void op(int actor, Op kind, int target, long value, long lseq, long time) {
                if (lseq == 3) throw new IllegalStateException("timeline out of order");
            }

            @Override
            public void harvest(HarvestCompleted h) {}
        });
        // It comes back at a hand-over once the fold has failed (the machine stops early), or at the end at the latest.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            for (long l = 1; l <= 3 * FoldPipeline.CHUNK; l++) p.op(0, Op.VM_EXIT, 0, 0, l, l);
            p.finish();
        });
        assertEquals("timeline out of order", e.getMessage());
        assertThrows(IllegalStateException.class, p::finish, "and again from finish, the fold's thread ended");
    }
}
