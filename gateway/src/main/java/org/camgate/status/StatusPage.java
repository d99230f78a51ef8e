package org.camgate.status;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.camgate.audit.AuditEvent;
import org.camgate.event.Event;

/**
 * Renders the status page as server-side HTML: the whole page, or only its live part (what {@code page.js} fetches
 * every few seconds and swaps in). Every value is escaped with {@link Html#text}; the page has no inline script or
 * style, so a strict Content-Security-Policy holds. The access log is rendered only when asked for (after an admin
 * login). A camera column is one line in {@link #CAMERA_COLUMNS}: it is shown when some camera's status entry has
 * one of its keys (so a field added to the {@code cameras} section appears once it is reported), and a camera without
 * the value shows a dash.
 */
final class StatusPage {
    static final String DASH = "\u2013";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * One column of the camera table: its header, the entry keys it shows (none: always shown), and its cell from the
     * camera's status entry merged with its {@code gates} entry (as {@code gateStatus}).
     */
    record Column(String header, List<String> keys, Function<Map<String, Object>, String> cell) {
        boolean shown(List<Map<String, Object>> cameras) {
            return keys.isEmpty() || cameras.stream().anyMatch(c -> keys.stream().anyMatch(c::containsKey));
        }
    }

    static final List<Column> CAMERA_COLUMNS = List.of(
            new Column("Camera", List.of(), c -> strong(c.get("id"))),
            new Column("Purpose", List.of(), c -> text(c.get("purpose"))),
            new Column("State", List.of("state"), StatusPage::state),
            new Column("Gate", List.of(), StatusPage::gate),
            new Column("Readers", List.of("readers"), c -> text(c.get("readers"))),
            new Column("Bitrate", List.of("bitrate"), c -> bitrate(c.get("bitrate"))),
            new Column("Frames in", List.of("framesIn"), c -> text(c.get("framesIn"))));

    private final PageSources sources;
    private final Clock clock;

    StatusPage(PageSources sources, Clock clock) {
        this.sources = requireNonNull(sources, "sources");
        this.clock = requireNonNull(clock, "clock");
    }

    /** The whole page; with {@code withAccess}, the access log too (only for an admin). */
    String page(boolean withAccess) {
        String live = withAccess ? "/access/live" : "/live";
        StringBuilder out = new StringBuilder(8192);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>camgate \u00b7 ").append(Html.text(sources.site())).append("</title>")
                .append("<link rel=\"stylesheet\" href=\"/page.css\"><script src=\"/page.js\" defer></script></head>\n")
                .append("<body><header><h1>camgate <span class=\"site\">").append(Html.text(sources.site()))
                .append("</span></h1><nav>")
                .append(withAccess ? "<a href=\"/\">Overview</a>" : "<a href=\"/access\">Access log (login)</a>")
                .append(" <a href=\"/status\">JSON</a> <a href=\"/metrics\">Metrics</a></nav></header>\n")
                .append("<main id=\"live\" data-src=\"").append(live).append("\">");
        fragment(out, withAccess);
        return out.append("</main></body></html>\n").toString();
    }

    /** The live part alone. */
    String fragment(boolean withAccess) {
        StringBuilder out = new StringBuilder(8192);
        fragment(out, withAccess);
        return out.toString();
    }

    private void fragment(StringBuilder out, boolean withAccess) {
        Map<String, Object> board = sources.board().snapshot();
        out.append("<p class=\"updated\">Updated <time id=\"updated\">").append(TIME.format(clock.instant()))
                .append("</time></p>\n");
        cameras(out, board);
        mqtt(out);
        sensors(out);
        if (withAccess) {
            access(out);
        }
        events(out);
    }

    private void cameras(StringBuilder out, Map<String, Object> board) {
        List<Map<String, Object>> cameras = maps(board.get("cameras"));
        List<Map<String, Object>> gates = maps(board.get("gates"));
        List<Column> columns = CAMERA_COLUMNS.stream().filter(c -> c.shown(cameras)).toList();
        out.append("<section id=\"cameras\"><h2>Cameras</h2><table><thead><tr>");
        columns.forEach(c -> out.append("<th>").append(Html.text(c.header())).append("</th>"));
        out.append("</tr></thead><tbody>");
        for (Map<String, Object> camera : cameras) {
            Map<String, Object> merged = new java.util.LinkedHashMap<>(camera);
            gates.stream().filter(g -> camera.get("id") != null && camera.get("id").equals(g.get("id"))).findFirst()
                    .ifPresent(g -> merged.put("gateStatus", g));
            out.append("<tr data-camera=\"").append(Html.text(camera.get("id"))).append("\">");
            columns.forEach(c -> out.append("<td>").append(c.cell().apply(merged)).append("</td>"));
            out.append("</tr>");
        }
        if (cameras.isEmpty()) {
            empty(out, columns.size(), "No cameras configured.");
        }
        out.append("</tbody></table></section>\n");
    }

    private void mqtt(StringBuilder out) {
        Map<String, Object> m = sources.mqtt().get();
        Object connected = m.get("connected");
        String state = Boolean.TRUE.equals(connected) ? "connected" : Boolean.FALSE.equals(connected) ? "disconnected"
                : DASH;
        out.append("<section id=\"mqtt\"><h2>MQTT</h2><dl>")
                .append("<dt>Broker</dt><dd>").append(text(m.get("broker"))).append("</dd>")
                .append("<dt>Connection</dt><dd><span class=\"state state-").append(Html.text(state)).append("\">")
                .append(Html.text(state)).append("</span></dd>")
                .append("<dt>Waiting in the outbox</dt><dd>").append(text(m.get("pending"))).append("</dd>")
                .append("</dl></section>\n");
    }

    private void sensors(StringBuilder out) {
        List<Map<String, Object>> sensors = sources.sensors().get();
        out.append("<section id=\"sensors\"><h2>Sensors</h2><table><thead><tr><th>Sensor</th><th>Type</th>")
                .append("<th>Input</th><th>Packets</th><th>Last event</th></tr></thead><tbody>");
        for (Map<String, Object> s : sensors) {
            Event last = s.get("id") == null ? null : sources.events().lastOfSensor(String.valueOf(s.get("id")));
            out.append("<tr><td>").append(strong(s.get("id"))).append("</td><td>").append(text(s.get("type")))
                    .append("</td><td>").append(text(s.get("input"))).append("</td><td>")
                    .append(text(s.get("packets"))).append("</td><td>")
                    .append(last == null ? DASH : Html.text(describe(last)) + " <time>" + TIME.format(last.time())
                            + "</time>")
                    .append("</td></tr>");
        }
        if (sensors.isEmpty()) {
            empty(out, 5, "No sensors configured.");
        }
        out.append("</tbody></table></section>\n");
    }

    private void events(StringBuilder out) {
        List<Event> events = sources.events().newestFirst();
        out.append("<section id=\"events\"><h2>Recent events</h2><table><thead><tr><th>Time</th><th>Source</th>")
                .append("<th>Event</th><th>State</th><th>Zone</th><th>Data</th></tr></thead><tbody>");
        for (Event e : events) {
            out.append("<tr><td><time>").append(TIME.format(e.time())).append("</time></td><td>")
                    .append(Html.text(e.source().kind() + " " + e.source().id())).append("</td><td>")
                    .append(Html.text(e.event())).append("</td><td>").append(Html.text(e.state().name()
                            .toLowerCase(Locale.ROOT))).append("</td><td>").append(text(e.zone())).append("</td><td>")
                    .append(Html.text(data(e.data()))).append("</td></tr>");
        }
        if (events.isEmpty()) {
            empty(out, 6, "No events since the gateway started.");
        }
        out.append("</tbody></table></section>\n");
    }

    private void access(StringBuilder out) {
        List<AuditEvent> entries = sources.access().newestFirst();
        out.append("<section id=\"access\"><h2>Access log</h2><table><thead><tr><th>Time</th><th>Event</th>")
                .append("<th>User</th><th>Camera</th><th>From</th><th>Transport</th><th>Duration</th>")
                .append("<th>Bytes</th></tr></thead><tbody>");
        for (AuditEvent a : entries) {
            Object ms = a.details().get("durationMs");
            out.append("<tr><td><time>").append(TIME.format(a.time())).append("</time></td><td>")
                    .append(Html.text(a.event())).append("</td><td>").append(text(a.user())).append("</td><td>")
                    .append(text(a.camera())).append("</td><td>").append(text(a.remote())).append("</td><td>")
                    .append(text(a.details().get("transport"))).append("</td><td>")
                    .append(ms instanceof Number n ? Html.text(duration(n.longValue())) : DASH).append("</td><td>")
                    .append(text(a.details().get("bytes"))).append("</td></tr>");
        }
        if (entries.isEmpty()) {
            empty(out, 8, "No sessions since the gateway started.");
        }
        out.append("</tbody></table></section>\n");
    }

    private static void empty(StringBuilder out, int columns, String message) {
        out.append("<tr><td class=\"empty\" colspan=\"").append(columns).append("\">").append(Html.text(message))
                .append("</td></tr>");
    }

    private static String state(Map<String, Object> c) {
        Object state = c.get("state");
        if (state == null) {
            return DASH;
        }
        StringBuilder out = new StringBuilder("<span class=\"state state-").append(Html.text(state)).append("\">")
                .append(Html.text(state)).append("</span>");
        Object since = c.get("since");
        if (since != null) {
            out.append(" <small>since ").append(Html.text(time(since))).append("</small>");
        }
        Object error = c.get("lastError");
        if (error != null) {
            out.append("<div class=\"error\">").append(Html.text(error)).append("</div>");
        }
        return out.toString();
    }

    private static String gate(Map<String, Object> c) {
        if (c.get("gateStatus") instanceof Map<?, ?> g) {
            String open = Boolean.TRUE.equals(g.get("open")) ? "open" : "closed";
            return Html.text(g.get("mode")) + " <span class=\"gate gate-" + open + "\">" + open + "</span>";
        }
        return text(c.get("gate"));
    }

    static String bitrate(Object bitsPerSecond) {
        if (!(bitsPerSecond instanceof Number n)) {
            return text(bitsPerSecond);
        }
        double v = n.doubleValue();
        if (v >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1f Mbit/s", v / 1_000_000);
        }
        return v >= 1_000 ? String.format(Locale.ROOT, "%.0f kbit/s", v / 1_000)
                : String.format(Locale.ROOT, "%.0f bit/s", v);
    }

    static String duration(long millis) {
        long s = millis / 1000;
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    private static String time(Object value) {
        try {
            return TIME.format(Instant.parse(String.valueOf(value)));
        } catch (DateTimeParseException e) {
            return String.valueOf(value);
        }
    }

    private static String describe(Event e) {
        return e.event() + (e.state() == org.camgate.event.EventState.INSTANT ? ""
                : " " + e.state().name().toLowerCase(Locale.ROOT)) + (e.zone() == null ? "" : " (" + e.zone() + ")");
    }

    private static String data(Map<String, Object> data) {
        StringBuilder out = new StringBuilder();
        data.forEach((k, v) -> out.append(out.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return out.toString();
    }

    /** The value escaped, or a dash when there is none. */
    private static String text(Object value) {
        return value == null ? DASH : Html.text(value);
    }

    private static String strong(Object value) {
        return value == null ? DASH : "<strong>" + Html.text(value) + "</strong>";
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object section) {
        if (!(section instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList();
    }
}
