package dev.dirtyvram.simulations.scenario;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --set key=value}, repeatable: what a command that loads a scenario changes of it. */
public final class SettingOptions {
    /** As given (a resumed hunt or sweep takes them from its plan file). */
    @Option(names = "--set", description = "key=value, any configuration key (repeatable), e.g. journal=jdbc.")
    public List<String> given = new ArrayList<>();

    /** The settings, parsed: one line for one without a key. */
    public List<Setting> settings() {
        return Setting.parseAll(given);
    }
}
