package dev.dirtyvram.simulations.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The -v option every command shares: quiet by default, detail on stderr with -v. */
public final class Verbosity {
    @Option(names = {"-v", "--verbose"}, description = "Log detail to stderr.")
    boolean on;

    /** Raise the log levels when asked; returns Pekko's configuration to match. */
    public Config apply() {
        if (on) {
            ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
            ((Logger) LoggerFactory.getLogger("dev.dirtyvram")).setLevel(Level.DEBUG);
            ((Logger) LoggerFactory.getLogger("org.apache.pekko.cluster.Cluster")).setLevel(Level.INFO);
        }
        return pekkoConfig(on);
    }

    /** Pekko's configuration: the program's application.conf, louder with -v. */
    public static Config pekkoConfig(boolean verbose) {
        Config base = ConfigFactory.load();
        return verbose ? ConfigFactory.parseString("pekko.loglevel = INFO").withFallback(base) : base;
    }
}
