package dev.dirtyvram.domain;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A knob whose value is one of a few ids (as the configuration spells them). */
public interface KnobValue {
    String id();

    /** The constant spelled {@code s}, or one line naming the knob and its values. */
    static <E extends Enum<E> & KnobValue> E parse(Class<E> type, String knob, String s) {
        for (E v : type.getEnumConstants()) if (v.id().equals(s)) return v;
        String values = Arrays.stream(type.getEnumConstants()).map(KnobValue::id).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown " + knob + " '" + s + "' (" + values + ")");
    }
}
