package dev.dirtyvram.simulations;

import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.JdbcRun;
import dev.dirtyvram.persistence.JdbcSettings;
import dev.dirtyvram.persistence.RunDirectory;
import dev.dirtyvram.persistence.StoredRun;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which run a reading command reads: a run directory, or with --jdbc-url a run id in PostgreSQL, from any machine. */
final class RunSource {
    @Parameters(index = "0", paramLabel = "RUN", description = "A run directory (e.g. runs/default-linear-walk-s1-...), or with --jdbc-url a run id.")
    String run;

    @Option(names = "--jdbc-url", description = "Read run RUN from this PostgreSQL database (jdbc:postgresql://host:port/db).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", description = "The database user (default: the driver's).")
    String jdbcUser;

    @Option(names = "--jdbc-password-file", description = "A file holding the database password (default: $"
            + JdbcSettings.PASSWORD_ENV + "; never on the command line).")
    String jdbcPasswordFile;

    /** The run's scenario with {@code overrides}: all a command needs that runs it again rather than reads its journal. */
    Scenario scenario(ScenarioLoader loader, java.util.List<String> overrides) {
        if (jdbcUrl != null) return loader.load(open(), overrides);
        Path conf = Path.of(run).resolve(RunDirectory.CONFIG);
        if (!java.nio.file.Files.isRegularFile(conf)) throw new BadInputException("no run directory at " + run + " (no " + RunDirectory.CONFIG + ")");
        return loader.load(conf.toString(), overrides);
    }

    StoredRun open() {
        if (jdbcUrl == null) return RunDirectory.open(Path.of(run));
        return JdbcRun.open(JdbcSettings.of(jdbcUrl, jdbcUser, jdbcPasswordFile), run);
    }
}
