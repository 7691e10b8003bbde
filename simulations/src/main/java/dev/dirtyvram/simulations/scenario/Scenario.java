package dev.dirtyvram.simulations.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.dirtyvram.actors.delivery.TimeDilation;
import dev.dirtyvram.domain.KnobValue;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.persistence.JournalKind;
/**
 * A resolved scenario: its name, what it is, how to run it (mode, journal, time dilation), the run's configuration
 * and what it promises.
 */
public record Scenario(String name, String description, Mode mode, JournalKind journal, TimeDilation dilation,
                       SimConfig cfg, Expectation expect, Config resolved) {

    public enum Mode implements KnobValue {
        CONCURRENT("concurrent"), DETERMINISTIC("deterministic"), REFERENCE("reference");

        public final String id;

        Mode(String id) {
            this.id = id;
        }

        @Override
        public String id() { return id; }

        static Mode parse(String s) {
            return KnobValue.parse(Mode.class, "mode", s);
        }
    }

    /**
     * The same scenario with another seed: what a hunt's runs differ by, without resolving the configuration again
     * (its text, parsed and checked for each run, cost more than a small run itself).
     */
    public Scenario withSeed(long seed) {
        return new Scenario(name, description, mode, journal, dilation, cfg.toBuilder().seed(seed).build(), expect,
                resolved.withValue("seed", ConfigValueFactory.fromAnyRef(seed)));
    }

    /** The resolved configuration as HOCON: what {@code config.conf} holds and {@code --scenario FILE} reads back. */
    public String render() {
        return resolved.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    }
}
