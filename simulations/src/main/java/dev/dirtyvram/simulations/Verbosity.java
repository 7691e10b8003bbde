package dev.dirtyvram.simulations;

import com.typesafe.config.Config;
import picocli.CommandLine.Option;

/** The -v option every command shares: quiet by default, detail on stderr with -v. */
final class Verbosity {
    @Option(names = {"-v", "--verbose"}, description = "Log detail to stderr.")
    boolean on;

    /** Raise the log levels when asked; returns Pekko's configuration to match. */
    Config apply() {
        Main.verbose(on);
        return Main.pekkoConfig(on);
    }
}
