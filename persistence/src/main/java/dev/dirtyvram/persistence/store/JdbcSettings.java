package dev.dirtyvram.persistence.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.dirtyvram.persistence.BadInputException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
/**
 * Where the shared PostgreSQL journal is: a JDBC URL, a user, and a password that never comes from the command line
 * (it would show in the process list) nor from a run's configuration (config.conf, the runs table and the cluster's
 * run specifications carry that): from {@link #PASSWORD_ENV}, or from a file.
 *
 * @param password null when none is given (the server may trust the connection)
 */
public record JdbcSettings(String url, String user, String password) {
    /** The environment variable a password is taken from when no password file is named. */
    public static final String PASSWORD_ENV = "DIRTYVRAM_JDBC_PASSWORD";
    /** Name of the shared database in Pekko's JDBC plugin configuration: journal, query and snapshots use one pool. */
    static final String SHARED_DB = "dirtyvram";

    public JdbcSettings {
        if (password != null && password.isEmpty()) password = null;
        if (user != null && user.isEmpty()) user = null;
    }

    /**
     * @param passwordFile a file whose first line is the password, or empty: then {@link #PASSWORD_ENV}, if set
     */
    public static JdbcSettings of(String url, String user, String passwordFile) {
        if (url == null || url.isBlank()) throw new BadInputException("journal = jdbc needs jdbc.url (e.g. jdbc:postgresql://127.0.0.1:5432/dirtyvram)");
        if (!url.startsWith("jdbc:postgresql:")) throw new BadInputException("jdbc.url must be a PostgreSQL URL (jdbc:postgresql://host:port/db), got '" + url + "'");
        return new JdbcSettings(url, user, BadInputException.secret(passwordFile, PASSWORD_ENV));
    }

    /** The settings a run's configuration names ({@code jdbc.url}, {@code jdbc.user}, {@code jdbc.password-file}). */
    public static JdbcSettings of(Config run) {
        return of(run.getString("jdbc.url"), run.getString("jdbc.user"), run.getString("jdbc.password-file"));
    }

    /** A connection, or one line saying why there is none (a wrong URL, a server down, a refused login). */
    public Connection connect() {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("connectTimeout", "10");
        p.setProperty("ApplicationName", "dirtyvram");
        try {
            return DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            throw new BadInputException("cannot use the database at " + url + ": " + BadInputException.firstLine(e));
        }
    }

    /**
     * Pekko's JDBC plugin on this database: the journal (behind {@link WriteBehindJournal}), its query side and the
     * snapshot store share one small pool; events keep the Kryo serializer, as in the embedded journal.
     */
    Config pekkoConfig() {
        String db = "pekko-persistence-jdbc.shared-databases." + SHARED_DB;
        Config c = ConfigFactory.parseString(String.join("\n",
                db + ".profile = \"slick.jdbc.PostgresProfile$\"",
                db + ".db { driver = \"org.postgresql.Driver\", numThreads = 4, maxConnections = 4, minConnections = 1,"
                        + " connectionTimeout = 10s, initializationFailTimeout = 10s }",
                "jdbc-journal.use-shared-db = " + SHARED_DB,
                "jdbc-read-journal.use-shared-db = " + SHARED_DB,
                "jdbc-snapshot-store.use-shared-db = " + SHARED_DB));
        c = c.withValue(db + ".db.url", ConfigValueFactory.fromAnyRef(url));
        if (user != null) c = c.withValue(db + ".db.user", ConfigValueFactory.fromAnyRef(user));
        if (password != null) c = c.withValue(db + ".db.password", ConfigValueFactory.fromAnyRef(password));
        return c;
    }
}
