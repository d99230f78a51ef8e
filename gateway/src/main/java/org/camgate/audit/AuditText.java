package org.camgate.audit;

import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounds on what reaches the audit log. Much of an entry comes from the other side of a socket
 * (a claimed user name, a failure reason quoting a request), so every string is cut to a fixed
 * length with a visible marker of how much was cut: {@code "aaaa…(+3736)"}.
 */
final class AuditText {

    /** Most entries or elements kept of a map or collection detail. */
    static final int MAX_ELEMENTS = 16;
    /** Nesting kept in a map or collection detail; deeper values are written as bounded text. */
    private static final int MAX_DEPTH = 2;

    private AuditText() {
    }

    /**
     * {@code text} if it has at most {@code max} characters, else its start and {@code …(+N)}, N
     * being the number of characters left out, together exactly {@code max} characters at most.
     * A surrogate pair is never split.
     */
    static String bound(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        // The marker for the whole length has at least as many digits as the real one, so this fits;
        // then keep one more character while the (possibly shorter) real marker still fits.
        int kept = Math.max(0, max - marker(text.length()).length());
        while (kept + 1 + marker(text.length() - kept - 1).length() <= max) {
            kept++;
        }
        if (kept > 0 && Character.isHighSurrogate(text.charAt(kept - 1))) {
            kept--;
        }
        return text.substring(0, kept) + marker(text.length() - kept);
    }

    private static String marker(int cut) {
        return "\u2026(+" + cut + ")";
    }

    /**
     * A detail value with its strings bounded to {@code max} characters: numbers, booleans, times and
     * durations are kept; maps and collections keep {@link #MAX_ELEMENTS} entries (a last
     * {@code "…"} entry counts the rest); anything else becomes its bounded string form.
     */
    static Object boundValue(Object value, int max) {
        return boundValue(value, max, 0);
    }

    private static Object boundValue(Object value, int max, int depth) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof Enum<?>
                || value instanceof TemporalAccessor || value instanceof Duration) {
            return value;
        }
        if (value instanceof String s) {
            return bound(s, max);
        }
        if (depth < MAX_DEPTH && value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            int n = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (n++ == MAX_ELEMENTS) {
                    out.put("\u2026", map.size() - MAX_ELEMENTS);
                    break;
                }
                out.put(bound(String.valueOf(e.getKey()), AuditEvent.MAX_NAME_CHARS), boundValue(e.getValue(), max, depth + 1));
            }
            return Collections.unmodifiableMap(out);
        }
        if (depth < MAX_DEPTH && value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                if (out.size() == MAX_ELEMENTS) {
                    out.add("\u2026(+" + (list.size() - MAX_ELEMENTS) + ")");
                    break;
                }
                out.add(boundValue(o, max, depth + 1));
            }
            return Collections.unmodifiableList(out);
        }
        return bound(String.valueOf(value), max);
    }
}
