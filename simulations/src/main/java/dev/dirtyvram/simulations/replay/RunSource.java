package dev.dirtyvram.simulations.replay;

import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.store.JdbcRun;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.persistence.store.StoredRun;
import dev.dirtyvram.simulations.cli.JdbcOptions;
import dev.dirtyvram.simulations.scenario.Scenario;
import dev.dirtyvram.simulations.scenario.ScenarioLoader;
import dev.dirtyvram.simulations.scenario.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
/** Which run a reading command reads: a run directory, or with --jdbc-url a run id in PostgreSQL, from any machine. */
public final class RunSource {
    @Parameters(index = "0", paramLabel = "RUN", description = "A run directory (e.g. runs/default-linear-walk-s1-...), or with --jdbc-url a run id.")
    public String run;

    /** With a database, RUN is a run id in it. */
    @Mixin
    JdbcOptions jdbc = new JdbcOptions();

    /** The run's scenario with {@code overrides}: all a command needs that runs it again rather than reads its journal. */
    public Scenario scenario(ScenarioLoader loader, List<Setting> overrides) {
        if (jdbc.url != null) return loader.load(open(), overrides);
        Path conf = Path.of(run).resolve(RunDirectory.CONFIG);
        if (!Files.isRegularFile(conf)) throw new BadInputException(noDirectory());
        return loader.load(conf.toString(), overrides);
    }

    StoredRun open() {
        if (jdbc.url == null) {
            if (!Files.isDirectory(Path.of(run))) throw new BadInputException(noDirectory());
            return RunDirectory.open(Path.of(run));
        }
        // A directory is read where it is: a run id goes with --jdbc-url, a directory without it.
        if (Files.isDirectory(Path.of(run))) {
            throw new BadInputException(run + " is a run directory: read it without --jdbc-url (a run whose journal is in "
                    + "PostgreSQL is found from its directory too)");
        }
        return JdbcRun.open(jdbc.settings(), run);
    }

    private String noDirectory() {
        return "no run directory at " + run + (run.contains("/") ? "" : " (a run id in PostgreSQL? give --jdbc-url)");
    }
}
