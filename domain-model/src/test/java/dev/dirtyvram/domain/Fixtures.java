package dev.dirtyvram.domain;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.config.WorkloadKind;
import dev.dirtyvram.domain.driver.Domain;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import java.util.ArrayList;
import java.util.List;

/** Small machines for hand-made race sequences. */
final class Fixtures {
    private Fixtures() {}

    static SimConfig.Builder small(StrategyId s) {
        return SimConfig.builder().strategy(s).vcpus(2).lfbPages(4).vmExitRate(0)
                .workloads(List.of(WorkloadKind.IDLE));
    }

    /** Records every harvest the device model completed, in order. */
    static final class Harvests implements FactSink {
        final List<HarvestCompleted> list = new ArrayList<>();
        final List<Op> ops = new ArrayList<>();
        final List<Integer> targets = new ArrayList<>();

        @Override
        public void op(int actor, Op kind, int target, long value, long lseq, long time) {
            ops.add(kind);
            targets.add(target);
        }

        /** Whether the last facts recorded are these kinds, each on {@code target}. */
        boolean endsWith(int target, Op... kinds) {
            int n = ops.size();
            if (n < kinds.length) return false;
            for (int i = 0; i < kinds.length; i++) {
                if (ops.get(n - kinds.length + i) != kinds[i] || targets.get(n - kinds.length + i) != target) return false;
            }
            return true;
        }

        @Override
        public void harvest(HarvestCompleted h) {
            list.add(h);
        }

        long count(Op kind) {
            return ops.stream().filter(o -> o == kind).count();
        }
    }

    static Domain domain(SimConfig cfg, Harvests h) {
        return new Domain(cfg, h);
    }
}
