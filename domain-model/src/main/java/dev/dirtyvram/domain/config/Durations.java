package dev.dirtyvram.domain.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

/**
 * Durations as users write them. Typesafe Config reads a bare number as milliseconds; here a duration without a unit
 * is bad input (is "1" a second or a nanosecond?). Messages give a duration back in the largest unit that states it
 * exactly, so "at = 1s" comes back as 1s, not 1000000000ns.
 */
public final class Durations {
    private static final String[] UNITS = {"h", "min", "s", "ms", "us", "ns"};
    private static final long[] NANOS = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};

    private Durations() {}

    /** {@code key} of {@code c} in nanoseconds; refuses a number without a unit, naming the key. */
    public static long nanos(Config c, String key) {
        return nanos(key, c.getValue(key));
    }

    /** A command-line duration ({@code --time 10m}): a unit required, not negative. */
    public static long parseOption(String option, String value) {
        long ns = nanos(option, ConfigValueFactory.fromAnyRef(value));
        if (ns < 0) throw new IllegalArgumentException(option + " must not be negative, got " + value);
        return ns;
    }

    private static long nanos(String name, ConfigValue v) {
        if (v.valueType() == ConfigValueType.NUMBER || (v.valueType() == ConfigValueType.STRING
                && ((String) v.unwrapped()).strip().matches("[-+]?[0-9.]+"))) {
            throw new IllegalArgumentException(name + " needs a unit, e.g. 2s, 50ms or 10us, got " + v.unwrapped());
        }
        try {
            return ConfigFactory.empty().withValue("d", v).getDuration("d").toNanos();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(name + " must be a duration such as 2s, 50ms or 10us, got '" + v.unwrapped() + "'");
        }
    }

    /** {@code ns} in the largest unit that states it exactly: 1s, 250ms, 1500us. */
    public static String format(long ns) {
        if (ns == 0) return "0s";
        for (int i = 0; i < UNITS.length; i++) if (ns % NANOS[i] == 0) return ns / NANOS[i] + UNITS[i];
        return ns + "ns";
    }
}
