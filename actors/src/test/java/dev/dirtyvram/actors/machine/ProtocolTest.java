package dev.dirtyvram.actors.machine;

import dev.dirtyvram.actors.delivery.Interconnect;
import dev.dirtyvram.actors.tap.MergingTap;
import dev.dirtyvram.domain.config.GuestEventKind;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.OpLog;
import dev.dirtyvram.domain.hypervisor.Hypervisor;
import dev.dirtyvram.domain.oracle.RunFold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
/** The message protocols between the actors, with probes standing in for the other side. */
@ExtendWith(TestKitJUnit5Extension.class)
class ProtocolTest {
    static {
        // Logging is up before the actor system's threads log: SLF4J would otherwise replay their first calls, with a warning.
        LoggerFactory.getILoggerFactory();
    }

    @JUnit5TestKit
    public ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ActorFixtures.config()).build();

    private static int runs;

    /** A shadow-lock owner whose VCPUs are probes. */
    private record Slo(Machine m, ActorRef<ShadowLockOwner.Command> ref, List<TestProbe<VcpuActor.Command>> vcpus) {}

    /** A shadow-lock owner whose VCPUs are probes; what its messages' ends are heard by {@code net}. */
    private Slo sloWithProbeVcpus(int n, Recording[] net) {
        Machine m = Machine.of(ActorFixtures.small(StrategyId.LINEAR_WALK, n));
        net[0] = new Recording(ActorFixtures.wallClock(testKit.system(), m));
        List<TestProbe<VcpuActor.Command>> probes = new ArrayList<>();
        List<ActorRef<VcpuActor.Command>> refs = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            probes.add(testKit.createTestProbe());
            refs.add(probes.get(v).getRef());
        }
        Peers peers = new Peers();
        ActorRef<ShadowLockOwner.Command> slo = testKit.spawn(ShadowLockOwner.create(m, peers, net[0], null), "xen-" + (++runs));
        peers.wire(slo, refs, null);
        return new Slo(m, slo, probes);
    }

    /**
     * Waits until {@code net} heard {@code n} messages end: what their handlers sent is in its receivers' mailboxes
     * by then (a send is an enqueue), so a probe that holds nothing now got nothing. An exact "no message", not a wait.
     */
    private static void handled(Recording net, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (net.ended.get() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("only heard " + net.heard);
            Thread.onSpinWait();
        }
    }

    @Test
    void flushTlbMaskReturnsOnlyAfterEveryVcpuAcknowledged() {
        Recording[] net = new Recording[1];
        Slo s = sloWithProbeVcpus(3, net);
        TestProbe<DeviceModelActor.Command> dm = testKit.createTestProbe();
        s.ref().tell(new ShadowLockOwner.HvmopTrackDirtyVram(true, dm.getRef())); // the final harvest: forced flush
        List<ActorRef<ShadowLockOwner.Command>> ackTo = new ArrayList<>();
        for (TestProbe<VcpuActor.Command> v : s.vcpus()) ackTo.add(v.expectMessageClass(VcpuActor.Ipi.class).replyTo());
        handled(net[0], 1); // the harvest's start, which sent the IPIs
        ackTo.get(0).tell(new ShadowLockOwner.IpiAck(0));
        ackTo.get(1).tell(new ShadowLockOwner.IpiAck(1));
        handled(net[0], 3);
        dm.expectNoMessage(Duration.ZERO);
        ackTo.get(2).tell(new ShadowLockOwner.IpiAck(2));
        DeviceModelActor.Report r = dm.expectMessageClass(DeviceModelActor.Report.class);
        assertTrue(r.report().flushed());
    }

    @Test
    void faultsWaitWhileTheLockIsHeldForAFlush() {
        Recording[] net = new Recording[1];
        Slo s = sloWithProbeVcpus(2, net);
        s.ref().tell(new ShadowLockOwner.ApplyGuestEvent(GuestEventKind.SHADOW_TEARDOWN, 0, 0));
        VcpuActor.Ipi ipi0 = s.vcpus().get(0).expectMessageClass(VcpuActor.Ipi.class);
        VcpuActor.Ipi ipi1 = s.vcpus().get(1).expectMessageClass(VcpuActor.Ipi.class);
        TestProbe<VcpuActor.Command> faulting = testKit.createTestProbe();
        s.ref().tell(new ShadowLockOwner.PageFault(0, 3, true, faulting.getRef()));
        ipi0.replyTo().tell(new ShadowLockOwner.IpiAck(0));
        handled(net[0], 3); // the event, the fault (stashed), the first acknowledgement
        faulting.expectNoMessage(Duration.ZERO);
        ipi1.replyTo().tell(new ShadowLockOwner.IpiAck(1));
        assertEquals(new VcpuActor.FaultHandled(true), faulting.expectMessageClass(VcpuActor.FaultHandled.class));
    }

    /** Wall-clock delivery, with what the scheduler contract hears recorded in order. */
    private static final class Recording implements Interconnect {
        final Interconnect net;
        final List<String> heard = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger ended = new AtomicInteger();

        Recording(Interconnect net) {
            this.net = net;
        }

        @Override
        public <T> void send(ActorRef<T> to, T message) {
            net.send(to, message);
        }

        @Override
        public <T> void sendAfter(ActorRef<T> to, T message, long delayNs) {
            net.sendAfter(to, message, delayNs);
        }

        @Override
        public long now() {
            return net.now();
        }

        @Override
        public void handled() {
            heard.add("handled");
            ended.incrementAndGet();
        }

        @Override
        public void redelivering(int n) {
            heard.add("redelivering " + n);
        }

        @Override
        public void lateAfter(int actor, long lateAfter) {
            net.lateAfter(actor, lateAfter); // the wall clock starts once the VCPUs say so
        }
    }

    @Test
    void stashedFaultsAreAnnouncedBeforeTheMessageThatReleasesThemIsOver() {
        // The deterministic scheduler delivers the next message once nothing is in flight: it must hear of the
        // stashed fault before the last acknowledgement is over, or it may run another actor meanwhile.
        Machine m = Machine.of(ActorFixtures.small(StrategyId.LINEAR_WALK, 2));
        TestProbe<VcpuActor.Command> v0 = testKit.createTestProbe();
        TestProbe<VcpuActor.Command> v1 = testKit.createTestProbe();
        Recording net = new Recording(ActorFixtures.wallClock(testKit.system(), m));
        Peers peers = new Peers();
        ActorRef<ShadowLockOwner.Command> slo = testKit.spawn(ShadowLockOwner.create(m, peers, net, null), "xen-" + (++runs));
        peers.wire(slo, List.of(v0.getRef(), v1.getRef()), null);
        slo.tell(new ShadowLockOwner.ApplyGuestEvent(GuestEventKind.SHADOW_TEARDOWN, 0, 0));
        VcpuActor.Ipi ipi0 = v0.expectMessageClass(VcpuActor.Ipi.class);
        VcpuActor.Ipi ipi1 = v1.expectMessageClass(VcpuActor.Ipi.class);
        TestProbe<VcpuActor.Command> faulting = testKit.createTestProbe();
        slo.tell(new ShadowLockOwner.PageFault(0, 3, true, faulting.getRef()));
        ipi0.replyTo().tell(new ShadowLockOwner.IpiAck(0));
        ipi1.replyTo().tell(new ShadowLockOwner.IpiAck(1));
        faulting.expectMessageClass(VcpuActor.FaultHandled.class);
        // event, stashed fault, first ack; then the last ack announces the fault, is over, and the fault is handled
        // (the fault's reply goes out just before its "handled" is heard: wait for it).
        faulting.awaitAssert(() -> {
            assertEquals(List.of("handled", "handled", "handled", "redelivering 1", "handled", "handled"),
                    List.copyOf(net.heard));
            return null;
        });
    }

    @Test
    void aFaultBlocksTheVcpuUntilAnswered() throws Exception {
        Machine m = Machine.of(ActorFixtures.small(StrategyId.LINEAR_WALK, 1));
        TestProbe<ShadowLockOwner.Command> slo = testKit.createTestProbe();
        Peers peers = new Peers();
        Recording net = new Recording(ActorFixtures.wallClock(testKit.system(), m));
        ActorRef<VcpuActor.Command> vcpu = testKit.spawn(VcpuActor.create(0, m, peers, net, null), "d1v0-" + (++runs));
        peers.wire(slo.getRef(), List.of(vcpu), null);
        vcpu.tell(VcpuActor.RunBurst.INSTANCE);
        ShadowLockOwner.PageFault f = slo.expectMessageClass(ShadowLockOwner.PageFault.class, Duration.ofSeconds(5));
        long before = m.mem().lastLseq();
        handled(net, 1); // the burst that faulted
        vcpu.tell(VcpuActor.RunBurst.INSTANCE); // a nudge must not make it run on
        handled(net, 2);
        slo.expectNoMessage(Duration.ZERO);
        assertEquals(before, m.mem().lastLseq(), "no access while the fault is outstanding");
        // The hypervisor fixes the entry, as the shadow-lock owner would, and answers.
        Hypervisor hv = new Hypervisor(m.cfg(), m.mem(), m.p2m(), m.gpt(), new OpLog(1, () -> 0, discard()));
        assertTrue(hv.shPageFault(f.vcpu(), f.vpn(), f.isWrite()));
        f.replyTo().tell(new VcpuActor.FaultHandled(true));
        slo.expectMessageClass(ShadowLockOwner.PageFault.class, Duration.ofSeconds(5)); // ran on to the next page
        assertTrue(m.mem().lastLseq() > before + 2, "the retried store and more ran");
    }

    private static FactSink discard() {
        return new FactSink() {
            @Override
            public void op(int actor, Op kind, int target, long value, long lseq, long time) { }

            @Override
            public void harvest(HarvestCompleted h) { }
        };
    }

    @Test
    void harvestsRunWhileVcpusKeepWriting() throws Exception {
        Machine m = Machine.of(ActorFixtures.small(StrategyId.LINEAR_WALK, 2).toBuilder().lfbPages(2048)
                .writeRate(2_000_000).build());
        // In the timeline the tap merges as the run goes, guest stores fall between some harvest's start and its report.
        long[] interleaved = {0};
        boolean[] open = {false};
        MergingTap tap = new MergingTap(m, new FactSink() {
            @Override
            public void op(int actor, Op kind, int target, long value, long lseq, long time) {
                if (kind == Op.HARVEST_STARTED) open[0] = true;
                if (kind == Op.HARVEST_REPORTED) open[0] = false;
                if (open[0] && kind.isGuestWrite()) interleaved[0]++;
            }

            @Override
            public void harvest(HarvestCompleted h) { }
        });
        CompletableFuture<Void> done = new CompletableFuture<>();
        testKit.spawn(RunGuardian.create(m, sys -> ActorFixtures.wallClock(sys, m), tap, null, done), "run-" + (++runs));
        done.get(60, TimeUnit.SECONDS);
        RunFold fold = tap.fold(); // refuses a timeline out of order: each actor's facts came in lseq order
        assertTrue(interleaved[0] > 0, "stores during a walk: " + interleaved[0]);
        assertTrue(fold.summary().complete());
        assertEquals(0, fold.summary().lostUpdates());
        assertTrue(tap.entries() > 0, "blocks journaled");
    }
}
