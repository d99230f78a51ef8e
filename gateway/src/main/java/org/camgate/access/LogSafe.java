package org.camgate.access;

/**
 * Makes text from the network safe to put in a log line: control characters (a newline would forge a line)
 * are escaped and the length is bounded.
 */
public final class LogSafe {
    /** Longest text kept; longer text is cut and marked with how much was left out. */
    public static final int MAX_CHARS = 64;

    private LogSafe() {
    }

    public static String text(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 16);
        int n = Math.min(s.length(), MAX_CHARS);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (s.length() > MAX_CHARS) {
            out.append("...(+").append(s.length() - MAX_CHARS).append(')');
        }
        return out.toString();
    }
}
