package org.camgate.common.units;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as written in the configuration, binary multiples: {@code 512KB} = 512 × 1024 bytes, {@code 4MB}, {@code 1GB}. */
public final class ByteSizes {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(B|KB|MB|GB)");
    private static final String EXPECTED = "expected a number with unit B, KB, MB or GB, e.g. 512KB, 4MB, 1GB";

    private ByteSizes() {
    }

    public static long parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            if (text.strip().matches("\\d{1,9}")) {
                throw new IllegalArgumentException("invalid size \"" + text + "\": a unit is required (e.g. "
                        + text.strip() + "B; units: B, KB, MB, GB)");
            }
            throw new IllegalArgumentException("invalid size \"" + text + "\" (" + EXPECTED + ")");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "B": return n;
            case "KB": return n << 10;
            case "MB": return n << 20;
            default: return n << 30;
        }
    }

    /** The largest exact unit, the inverse of {@link #parse}: {@code 4MB}, {@code 1536KB}, {@code 100B}. */
    public static String format(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GB";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MB";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KB";
        }
        return bytes + "B";
    }
}
