package dev.dirtyvram.actors.machine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.actors.delivery.ConcurrentInterconnect;
import dev.dirtyvram.actors.delivery.TimeDilation;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.config.WorkloadKind;
import dev.dirtyvram.domain.driver.Machine;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
final class ActorFixtures {
    private ActorFixtures() {}

    /** The in-memory testkit journal (small tests only), with our serializer bound. */
    static Config config() {
        return EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.parseString(
                "pekko.loglevel = WARNING\npekko.persistence.typed.stash-capacity = 100000")).withFallback(ConfigFactory.load());
    }

    /** Concurrent mode on the undilated wall clock. */
    static ConcurrentInterconnect wallClock(ActorSystem<?> system, Machine m) {
        return new ConcurrentInterconnect(system, new TimeDilation(false, 1), m.cfg().vcpus());
    }

    static SimConfig small(StrategyId s, int vcpus) {
        return SimConfig.builder().strategy(s).vcpus(vcpus).lfbPages(16).vmExitRate(0)
                .workloads(List.of(WorkloadKind.RANDOM)).writeRate(50_000).harvestIntervalNs(5_000_000)
                .durationNs(300_000_000L).build().validate();
    }
}
