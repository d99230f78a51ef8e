package org.camgate.config;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One weekly time window, written {@code "mon-fri 18:00-07:00"} or {@code "sat,sun 00:00-24:00"}: it starts on
 * each listed day at {@code start}; it ends at {@code end} the same day, or the next day when {@code end} is not
 * after {@code start} (a night). Times are minutes after midnight; {@code end} may be 24:00.
 */
public record WeeklyWindow(Set<DayOfWeek> days, int startMinute, int endMinute) {
    private static final Pattern FORM = Pattern.compile("\\s*([a-z,\\-]+)\\s+(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})\\s*");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    static final String EXPECTED = "expected \"<days> HH:MM-HH:MM\", days like mon-fri or sat,sun, e.g. \"mon-fri 18:00-07:00\"";

    public WeeklyWindow {
        days = Set.copyOf(days);
        if (days.isEmpty() || startMinute < 0 || startMinute >= 24 * 60 || endMinute < 0 || endMinute > 24 * 60) {
            throw new IllegalArgumentException("invalid window");
        }
    }

    /** True when the window ends the day after it starts. */
    public boolean overnight() {
        return endMinute <= startMinute;
    }

    /** Parses the written form; the exception's message says what is wrong in user words. */
    public static WeeklyWindow parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid window \"" + text + "\" (" + EXPECTED + ")");
        }
        Set<DayOfWeek> days = days(m.group(1), text);
        int start = minute(m.group(2), m.group(3), false, text);
        int end = minute(m.group(4), m.group(5), true, text);
        if (start == end && start == 0 && end == 0) {
            throw new IllegalArgumentException("invalid window \"" + text + "\": write a whole day as 00:00-24:00");
        }
        return new WeeklyWindow(days, start, end);
    }

    private static Set<DayOfWeek> days(String spec, String text) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : spec.split(",", -1)) {
            String[] range = part.split("-", -1);
            if (range.length > 2 || range[0].isEmpty()) {
                throw new IllegalArgumentException("invalid days \"" + spec + "\" in \"" + text + "\" (" + EXPECTED + ")");
            }
            int from = day(range[0], text);
            int to = range.length == 2 ? day(range[1], text) : from;
            for (int d = from; ; d = (d + 1) % 7) {
                days.add(DayOfWeek.of(d + 1));
                if (d == to) {
                    break;
                }
            }
        }
        return days;
    }

    private static int day(String name, String text) {
        int i = DAYS.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown day \"" + name + "\" in \"" + text
                    + "\" (expected mon, tue, wed, thu, fri, sat, sun)");
        }
        return i;
    }

    private static int minute(String h, String m, boolean end, String text) {
        int hour = Integer.parseInt(h);
        int minute = Integer.parseInt(m);
        if (minute > 59 || hour > 24 || (hour == 24 && (minute != 0 || !end))) {
            throw new IllegalArgumentException("invalid time " + h + ":" + m + " in \"" + text
                    + "\" (expected 00:00 to 23:59" + (end ? ", or 24:00 as an end" : "") + ")");
        }
        return hour * 60 + minute;
    }

    /** The written form. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            if (days.contains(d)) {
                names.add(DAYS.get(d.getValue() - 1));
            }
        }
        return String.join(",", names) + String.format(" %02d:%02d-%02d:%02d", startMinute / 60, startMinute % 60,
                endMinute / 60, endMinute % 60);
    }
}
