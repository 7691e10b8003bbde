package dev.dirtyvram.simulations.cli;

import java.util.Locale;
import java.util.Map;

/** The little JSON the program writes: flat objects of strings, numbers and booleans. */
public final class Json {
    private Json() {}

    public static String object(Map<String, ?> fields) {
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        for (var e : fields.entrySet()) {
            if (!first) b.append(", ");
            first = false;
            b.append(string(e.getKey())).append(": ").append(value(e.getValue()));
        }
        return b.append('}').toString();
    }

    public static String value(Object v) {
        if (v == null) return "null";
        if (v instanceof Double d) return String.format(Locale.ROOT, "%.3f", d);
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> sm = (Map<String, ?>) m;
            return object(sm);
        }
        if (v instanceof Iterable<?> it) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : it) b.append(b.length() > 1 ? ", " : "").append(value(o));
            return b.append(']').toString();
        }
        return string(v.toString());
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
