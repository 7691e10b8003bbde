package dev.dirtyvram.simulations.scenario;

import dev.dirtyvram.persistence.BadInputException;
import java.util.List;

/**
 * One override of a scenario's configuration: a key and its value in HOCON syntax, as {@code --set key=value} gives
 * it, and as hunts, sweeps, shrinking and check make them. Later settings of a key win over earlier ones.
 */
public record Setting(String key, String value) {
    public Setting {
        key = key.trim();
    }

    /** {@code key=value}, as --set takes it (one line when there is no key). */
    public static Setting parse(String kv) {
        int eq = kv.indexOf('=');
        if (eq <= 0) throw new BadInputException("--set takes key=value, got '" + kv + "'");
        return new Setting(kv.substring(0, eq), kv.substring(eq + 1));
    }

    public static List<Setting> parseAll(List<String> kvs) {
        return kvs.stream().map(Setting::parse).toList();
    }

    /** {@code key} set to {@code value} as it prints (a number, a duration like 30ms, a list). */
    public static Setting of(String key, Object value) {
        return new Setting(key, String.valueOf(value));
    }

    /** An option and a --set of its key both given ({@code value} not null): which wins is not for the program to guess. */
    public static void refuseClash(List<Setting> sets, String option, Object value, String key) {
        if (value == null) return;
        for (Setting s : sets) {
            if (s.key().equals(key)) throw new BadInputException(option + " and --set " + s + " both set " + key + ": give one");
        }
    }

    /** A key a command decides itself, which --set may not change. */
    public static void refuse(List<Setting> sets, String key, String why) {
        for (Setting s : sets) {
            if (s.key().equals(key)) throw new BadInputException("--set " + s + ": " + why);
        }
    }

    /** {@code key=value}: how a setting is written in a plan file and shown. */
    @Override
    public String toString() {
        return key + "=" + value;
    }
}
