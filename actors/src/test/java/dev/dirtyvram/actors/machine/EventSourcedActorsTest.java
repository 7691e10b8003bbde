package dev.dirtyvram.actors.machine;

import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.ActorState;
import dev.dirtyvram.domain.event.DirtyVram;
import dev.dirtyvram.domain.event.Fact;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Journaled;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.OpBatch;
import dev.dirtyvram.domain.strategy.HarvestReport;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each event-sourced actor under the EventSourcedBehaviorTestKit, events and state verified through the
 * configured (Kryo) serialization, then restarted from its journal to the same state.
 */
@ExtendWith(TestKitJUnit5Extension.class)
class EventSourcedActorsTest {
    static {
        // Logging is up before the actor system's threads log: SLF4J would otherwise replay their first calls, with a warning.
        LoggerFactory.getILoggerFactory();
    }

    @JUnit5TestKit
    public ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ActorFixtures.config()).build();

    private <C> EventSourcedBehaviorTestKit<C, Journaled, ActorState> kit(Behavior<C> b) {
        // Commands carry actor refs and stay in-process: only what is persisted must serialize.
        return EventSourcedBehaviorTestKit.create(testKit.system(), b,
                EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyCommands(false));
    }

    private static long ops(List<Journaled> events, Op kind) {
        long n = 0;
        for (Journaled e : events) {
            for (Fact f : e.facts()) {
                if (f instanceof OpBatch b) for (int i = 0; i < b.size(); i++) if (b.kind(i) == kind) n++;
            }
        }
        return n;
    }

    @Test
    void vcpuHoldsItsFactsBackForOneJournalWriteThenRecoversThem() {
        Machine m = Machine.of(ActorFixtures.small(StrategyId.LINEAR_WALK, 1));
        TestProbe<ShadowLockOwner.Command> slo = testKit.createTestProbe();
        TestProbe<RunGuardian.Command> guardian = testKit.createTestProbe();
        var kit = kit(VcpuActor.create(0, m, new Peers(), ActorFixtures.wallClock(testKit.system(), m), null));
        var r = kit.runCommand(new VcpuActor.Ipi(slo.getRef()));
        assertTrue(r.events().isEmpty(), "the flush's fact waits for a later journal write");
        assertEquals(new ShadowLockOwner.IpiAck(0), slo.expectMessageClass(ShadowLockOwner.IpiAck.class), "answered without waiting");
        kit.runCommand(new VcpuActor.Ipi(slo.getRef()));
        slo.expectMessageClass(ShadowLockOwner.IpiAck.class);
        var flushed = kit.runCommand(new VcpuActor.FlushJournal(guardian.getRef()));
        assertEquals(2, ops(flushed.events(), Op.TLB_FLUSHED), "both flushes in one write");
        assertEquals(1, flushed.events().size(), "one event: a block of both messages' facts");
        guardian.expectMessage(RunGuardian.JournalFlushed.INSTANCE);
        ActorState before = kit.getState();
        assertEquals(2, before.facts());
        assertEquals(before, kit.restart().state());
    }

    @Test
    void aFullBatchGoesToTheJournalWithoutAFlush() {
        Machine m = Machine.of(ActorFixtures.small(StrategyId.LINEAR_WALK, 1));
        TestProbe<ShadowLockOwner.Command> slo = testKit.createTestProbe();
        var kit = kit(VcpuActor.create(0, m, new Peers(), ActorFixtures.wallClock(testKit.system(), m), null));
        for (int i = 1; i < FactActor.WRITE_BEHIND_FACTS; i++) {
            assertTrue(kit.runCommand(new VcpuActor.Ipi(slo.getRef())).events().isEmpty());
        }
        var r = kit.runCommand(new VcpuActor.Ipi(slo.getRef()));
        assertEquals(1, r.events().size());
        assertEquals(FactActor.WRITE_BEHIND_FACTS, ops(r.events(), Op.TLB_FLUSHED));
    }

    @Test
    void shadowLockOwnerAnswersAFaultAtOnceAndJournalsItsShadowL1eSet() {
        Machine m = Machine.of(ActorFixtures.small(StrategyId.LINEAR_WALK, 1));
        var kit = kit(ShadowLockOwner.create(m, new Peers(), ActorFixtures.wallClock(testKit.system(), m), null));
        TestProbe<VcpuActor.Command> vcpu = testKit.createTestProbe();
        TestProbe<RunGuardian.Command> guardian = testKit.createTestProbe();
        kit.runCommand(new ShadowLockOwner.PageFault(0, 5, true, vcpu.getRef()));
        assertEquals(new VcpuActor.FaultHandled(true), vcpu.expectMessageClass(VcpuActor.FaultHandled.class));
        kit.runCommand(new ShadowLockOwner.PageFault(0, 6, false, vcpu.getRef()));
        vcpu.expectMessageClass(VcpuActor.FaultHandled.class);
        var flushed = kit.runCommand(new ShadowLockOwner.FlushJournal(guardian.getRef()));
        assertEquals(2, ops(flushed.events(), Op.SHADOW_L1E_SET), "each fault's sl1e store");
        ActorState before = kit.getState();
        assertEquals(4, before.facts(), "shadow_set_l1e reads the old entry, then stores: two facts per fault");
        assertEquals(before, kit.restart().state());
    }

    @Test
    void deviceModelPersistsItsRedrawAndHarvestAndRecovers() {
        Machine m = Machine.of(ActorFixtures.small(StrategyId.LINEAR_WALK, 1));
        var kit = kit(DeviceModelActor.create(m, new Peers(), ActorFixtures.wallClock(testKit.system(), m), null));
        TestProbe<RunGuardian.Command> guardian = testKit.createTestProbe();
        long[] reported = DirtyVram.bitmap(16);
        DirtyVram.set(reported, 3);
        DirtyVram.set(reported, 9);
        kit.runCommand(new DeviceModelActor.Report(new HarvestReport(1, HarvestOutcome.BITMAP, reported, new long[16], true, false)));
        // The redraw runs in self-sent chunks: flush until the harvest is on the journal.
        testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            kit.runCommand(new DeviceModelActor.FlushJournal(guardian.getRef()));
            assertEquals(1, kit.getState().harvests());
            return null;
        });
        ActorState before = kit.getState();
        assertEquals(3, before.facts(), "two redraw reads and the harvest");
        assertEquals(before, kit.restart().state());
    }
}
