package dev.dirtyvram.simulations.jmh;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.SimConfigReader;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.driver.ReferenceDriver;
import dev.dirtyvram.domain.event.DirtyVram;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.OpLog;
import dev.dirtyvram.domain.hypervisor.Hypervisor;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.oracle.Oracle;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.domain.vcpu.Vcpu;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
/**
 * The hot path's pieces, each per elementary step, on the default scenario's shapes (2048 LFB pages, a 64-entry TLB):
 * a guest store through a VCPU (TLB lookup, walk or D set, the frame's stamp), the fold of one fact (oracle, counters,
 * digest), the oracle per store, the digest per fact, and the whole reference driver per guest store. Run with
 * scripts/jmh.sh.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBench {
    static final int PAGES = 2048;
    static final int N = 1 << 16;

    /** A VCPU on its own machine, its facts to nowhere. */
    @State(Scope.Thread)
    public static class Store {
        Vcpu vcpu;
        int[] vpns = new int[N];
        int[] hot = new int[N];

        @Setup(Level.Trial)
        public void setUp() {
            SimConfig cfg = SimConfigReader.defaultConfig();
            Machine m = Machine.of(cfg, false); // one thread steps it, as in the reference driver
            // Every kernel vpn of the LFB present and writable, as the first faults leave them.
            OpLog quiet = new OpLog(0, () -> 0, NOWHERE);
            Hypervisor hv = new Hypervisor(cfg, m.mem(), m.p2m(), m.gpt(), quiet);
            for (int p = 0; p < PAGES; p++) hv.shPageFault(0, m.vl().kernelVpn(p), true);
            vcpu = new Vcpu(0, m.mem(), cfg.tlbCapacity(), cfg.tlbMode(), quiet);
            SplittableRandom r = new SplittableRandom(1);
            for (int i = 0; i < N; i++) {
                vpns[i] = m.vl().kernelVpn(r.nextInt(PAGES));
                hot[i] = m.vl().kernelVpn(r.nextInt(48)); // fits the TLB: hits
            }
        }
    }

    static final FactSink NOWHERE = new FactSink() {
        @Override
        public void op(int actor, Op kind, int target, long value, long lseq, long time) { }

        @Override
        public void harvest(HarvestCompleted h) { }
    };

    /** Random pages: nearly every store misses the TLB, walks, fills (evicting the least recently used) and stores. */
    @Benchmark
    @OperationsPerInvocation(N)
    public void storeMissingTheTlb(Store s, Blackhole bh) {
        for (int i = 0; i < N; i++) bh.consume(s.vcpu.store(s.vpns[i]));
    }

    /** Pages the TLB holds: a lookup and the frame's stamp (D cached). */
    @Benchmark
    @OperationsPerInvocation(N)
    public void storeHittingTheTlb(Store s, Blackhole bh) {
        for (int i = 0; i < N; i++) bh.consume(s.vcpu.store(s.hot[i]));
    }

    /** The default scenario's timeline, recorded once: its first {@link #FACTS} facts. */
    @State(Scope.Benchmark)
    public static class Timeline {
        RecordedTimeline t;
        P2m p2m;

        @Setup(Level.Trial)
        public void setUp() {
            t = new RecordedTimeline(300_000_000L, FACTS);
            p2m = Machine.p2m(t.cfg);
        }
    }

    static final int FACTS = 500_000;

    /** The fold of one fact, all it does (memory image, oracle, counters, cost, digest); per fact of the timeline. */
    @Benchmark
    @OperationsPerInvocation(FACTS)
    public RunFold foldPerFact(Timeline s) {
        RunFold fold = new RunFold(s.t.cfg, s.p2m);
        s.t.feed(fold);
        return fold;
    }

    /** The digest alone, per fact: a fold of facts that touch nothing else (timer VM exits). */
    @State(Scope.Thread)
    public static class Exits {
        RunFold fold;
        long lseq;

        @Setup(Level.Iteration)
        public void setUp() {
            SimConfig cfg = SimConfigReader.defaultConfig();
            fold = new RunFold(cfg, Machine.p2m(cfg));
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void digestPerFact(Exits s) {
        RunFold f = s.fold;
        long l = s.lseq;
        for (int i = 0; i < N; i++) f.op(i & 3, Op.VM_EXIT, i & 3, 0, ++l, l * 7);
        s.lseq = l;
    }

    /**
     * The oracle per store, as the default scenario gives it its work: stores on random pages at 400 000 a second, a
     * harvest reporting every page every 30 ms, and the redraw showing each.
     */
    @State(Scope.Thread)
    public static class Stores {
        Oracle oracle;
        long lseq;
        long time;
        int harvest;
        int[] pages = new int[N];
        long[] all = DirtyVram.bitmap(PAGES);
        long[] examined = new long[PAGES];

        @Setup(Level.Iteration)
        public void setUp() {
            oracle = new Oracle(PAGES);
            SplittableRandom r = new SplittableRandom(2);
            for (int i = 0; i < N; i++) pages[i] = r.nextInt(PAGES);
            DirtyVram.setAll(all, PAGES);
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void oraclePerStore(Stores s) {
        Oracle o = s.oracle;
        for (int i = 0; i < N; i++) {
            long l = ++s.lseq;
            s.time += 2_500;
            o.store(s.pages[i], l, s.time);
            if (i % 12_000 == 11_999) {
                Arrays.fill(s.examined, ++s.lseq);
                long at = ++s.lseq;
                o.harvest(new HarvestCompleted(5, at, s.time, ++s.harvest, HarvestOutcome.BITMAP,
                        s.all, s.examined, true, false));
                for (int p = 0; p < PAGES; p++) o.shown(p, at, s.time + p * 700L);
            }
        }
    }

    /** The whole reference driver, per guest store: 100 ms of the default scenario. */
    @State(Scope.Benchmark)
    public static class Run {
        SimConfig cfg = SimConfigReader.defaultConfig().toBuilder().durationNs(100_000_000L).build();
    }

    @Benchmark
    @OperationsPerInvocation(80_000)
    public Object referenceDriverPerStore(Run s) {
        return ReferenceDriver.run(s.cfg);
    }
}
