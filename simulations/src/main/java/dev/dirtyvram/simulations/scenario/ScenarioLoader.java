package dev.dirtyvram.simulations.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import dev.dirtyvram.actors.delivery.TimeDilation;
import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.config.SimConfigReader;
import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.schedule.ChoiceSequence;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.JournalKind;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.persistence.store.StoredRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
/**
 * Resolves a run's configuration: the defaults, under a built-in scenario or a scenario file, under {@code --set}
 * overrides. Every key must be one the defaults know; every value must parse and be in range. Anything else is a
 * {@link BadInputException} naming the key.
 */
public final class ScenarioLoader {
    private static final String BUILT_IN = "scenarios/";

    private final Config defaults;

    public ScenarioLoader() {
        this.defaults = SimConfigReader.defaults();
    }

    /** Built-in scenario names with their descriptions, in name order. */
    public Map<String, String> builtIns() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : builtInNames()) out.put(name, parseBuiltIn(name).withFallback(defaults).getString("description"));
        return out;
    }

    /**
     * The knobs among {@code keys} on which {@code s} differs from the built-in scenario it is named after (empty for a
     * scenario of a file), in {@code keys}' order: what a sweep varied, say, so that a run's id can name it.
     */
    public Map<String, String> differences(Scenario s, List<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!builtInNames().contains(s.name())) return out;
        Config base = parseBuiltIn(s.name()).withFallback(defaults);
        for (String k : keys) {
            if (!base.hasPath(k) || !s.resolved().hasPath(k)) continue;
            String mine = s.resolved().getValue(k).unwrapped().toString();
            if (!mine.equals(base.getValue(k).unwrapped().toString())) out.put(k, mine);
        }
        return out;
    }

    private List<String> builtInNames() {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(BUILT_IN + "index.txt")) {
            if (in == null) throw new IllegalStateException("scenario index missing from the program");
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::trim).filter(s -> !s.isEmpty()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Config parseBuiltIn(String name) {
        return ConfigFactory.parseResources(BUILT_IN + name + ".conf", ConfigParseOptions.defaults().setAllowMissing(false));
    }

    /**
     * @param scenario  a built-in name, or the path of a HOCON file (a run's {@code config.conf} works too)
     * @param overrides {@code key=value} pairs, value in HOCON syntax, applied in order
     */
    public Scenario load(String scenario, List<Setting> overrides) {
        Config file;
        String name;
        if (builtInNames().contains(scenario)) {
            file = parseBuiltIn(scenario);
            name = scenario;
        } else if (scenario.endsWith(".conf") || scenario.contains("/") || Files.isDirectory(Path.of(scenario))) {
            Path p = Path.of(scenario);
            if (Files.isDirectory(p)) {
                // A run directory stands for its config.conf, which repeats the run.
                if (!Files.isRegularFile(p.resolve("config.conf"))) {
                    throw new BadInputException("scenario " + scenario + " is a directory without a config.conf (a run directory has one)");
                }
                return load(p.resolve("config.conf").toString(), overrides);
            }
            if (!Files.isRegularFile(p)) throw new BadInputException("scenario file " + scenario + " does not exist");
            try {
                file = ConfigFactory.parseFile(p.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw new BadInputException("scenario file " + scenario + ": " + e.getMessage());
            }
            name = file.hasPath("scenario") ? file.getString("scenario") : p.getFileName().toString().replaceFirst("\\.conf$", "");
        } else {
            throw new BadInputException("unknown scenario '" + scenario + "' (dirtyvram scenarios lists them)");
        }
        return resolve(file, name, overrides, scenarioDir(scenario));
    }

    /** A stored run's scenario: from its directory's config.conf, or from the configuration the runs table holds. */
    public Scenario load(StoredRun run, List<Setting> overrides) {
        if (run instanceof RunDirectory d) return load(d.root().resolve(RunDirectory.CONFIG).toString(), overrides);
        return loadText(run.config(), run.where(), overrides);
    }

    /** A resolved configuration given as text ({@link Scenario#render()}: a cluster's run specification, a stored run). */
    public Scenario loadText(String hocon, String origin, List<Setting> overrides) {
        Config file;
        try {
            file = ConfigFactory.parseString(hocon);
        } catch (ConfigException e) {
            throw new BadInputException("configuration of " + origin + ": " + e.getMessage());
        }
        return resolve(file, file.hasPath("scenario") ? file.getString("scenario") : origin, overrides, Path.of(""));
    }

    /** {@code file} with {@code overrides} over it and the defaults under it; a replayed schedule relative to {@code dir}. */
    private Scenario resolve(Config file, String name, List<Setting> overrides, Path dir) {
        Config over = ConfigFactory.empty();
        for (Setting o : overrides) {
            checkKnown(o.key());
            over = parseOverride(o).withFallback(over);
        }
        for (Map.Entry<String, ConfigValue> e : file.entrySet()) {
            if (!e.getKey().equals("scenario")) checkKnown(e.getKey());
        }
        Config resolved;
        try {
            resolved = over.withFallback(file.withoutPath("scenario")).withFallback(defaults).resolve();
            if (resolved.getString("expect.strategy").isEmpty()) {
                // The promises speak of the scenario's own strategy, whatever --strategy or --set make of the run.
                String own = file.withFallback(defaults).resolve().getString("strategy");
                resolved = resolved.withValue("expect.strategy", ConfigValueFactory.fromAnyRef(own));
            }
        } catch (ConfigException e) {
            throw new BadInputException(e.getMessage());
        }
        resolved = replayResolved(resolved, file.hasPath("schedule.replay") && !over.hasPath("schedule.replay") ? dir : Path.of(""));
        return toScenario(name, resolved.withValue("scenario", ConfigValueFactory.fromAnyRef(name)));
    }

    /**
     * One override in HOCON syntax; a value that is not HOCON (a URL like jdbc:postgresql://h:5432/db, unquoted) is
     * taken as the string it spells, as the options that take such values do.
     */
    private static Config parseOverride(Setting o) {
        try {
            return ConfigFactory.parseString(o.key() + " = " + o.value(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF));
        } catch (ConfigException e) {
            try {
                return ConfigFactory.empty().withValue(o.key(), ConfigValueFactory.fromAnyRef(o.value().strip()));
            } catch (ConfigException again) {
                throw new BadInputException("--set " + o + ": " + e.getMessage());
            }
        }
    }

    /** A scenario file's directory (a run directory, when the file is its config.conf). */
    private Path scenarioDir(String scenario) {
        Path parent = Path.of(scenario).toAbsolutePath().getParent();
        return parent == null ? Path.of("") : parent;
    }

    /**
     * schedule.replay names a choice sequence relative to the scenario file that sets it (to the working directory
     * when --set gives it); it becomes an absolute path, and must be readable.
     */
    private static Config replayResolved(Config c, Path base) {
        String replay = c.getString("schedule.replay");
        if (replay.isEmpty()) return c;
        Path p = base.resolve(replay).toAbsolutePath().normalize();
        try {
            ChoiceSequence.read(p);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        return c.withValue("schedule.replay", ConfigValueFactory.fromAnyRef(p.toString()));
    }

    private void checkKnown(String key) {
        if (!defaults.hasPathOrNull(key)) throw new BadInputException("unknown configuration key '" + key + "'");
    }

    private Scenario toScenario(String name, Config c) {
        try {
            SimConfig cfg = SimConfigReader.read(c).validate();
            Map<String, String> promises = new LinkedHashMap<>();
            for (String k : c.getConfig("expect").root().keySet()) {
                if (!k.equals("strategy")) promises.put(k, c.getString("expect." + k));
            }
            String promisedFor = StrategyId.parse(c.getString("expect.strategy")).id;
            Scenario.Mode mode = Scenario.Mode.parse(c.getString("mode"));
            if (cfg.schedule().bounded() && mode != Scenario.Mode.REFERENCE) {
                throw new BadInputException("schedule.stores bounds reference-mode runs only (the runs check explores), not mode " + mode.id);
            }
            return new Scenario(name, c.getString("description"), mode,
                    JournalKind.parse(c.getString("journal")), TimeDilation.parse(c.getString("time.dilation")), cfg,
                    new Expectation(promises, promisedFor), c);
        } catch (ConfigException e) {
            throw new BadInputException(e.getMessage().replaceFirst("^[^:]*: \\d+: ", ""));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }
}
