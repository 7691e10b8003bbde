package dev.dirtyvram.simulations.cli;

import dev.dirtyvram.persistence.store.JdbcSettings;
import picocli.CommandLine.Option;

/** A PostgreSQL database named on the command line; its password never is (environment or file). */
public final class JdbcOptions {
    @Option(names = "--jdbc-url", description = "A PostgreSQL database (jdbc:postgresql://host:port/db).")
    public String url;

    @Option(names = "--jdbc-user", description = "The database user (default: the driver's).")
    String user;

    @Option(names = "--jdbc-password-file", description = "A file holding the database password (default: $"
            + JdbcSettings.PASSWORD_ENV + "; never on the command line).")
    String passwordFile;

    /** The database, or null when none was named. */
    public JdbcSettings settings() {
        return url == null ? null : JdbcSettings.of(url, user, passwordFile);
    }
}
