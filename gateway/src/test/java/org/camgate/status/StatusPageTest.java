package org.camgate.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.junit.jupiter.api.Test;

class StatusPageTest {
    private static final String HOSTILE = "<script>alert('x')</script>&\"";
    private static final String ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;";
    private static final Instant NOW = Instant.parse("2026-12-03T19:00:00Z");

    private final StatusBoard board = new StatusBoard();
    private final RecentEvents events = new RecentEvents(10);
    private final List<AuditEvent> written = new ArrayList<>();
    private final RecentAccess access = new RecentAccess(new AuditLog() {
        @Override
        public void record(AuditEvent event) {
            written.add(event);
        }

        @Override
        public void close() {
        }
    }, 10);
    private final StatusPage page = new StatusPage(new PageSources("site " + HOSTILE, board, events, access,
            () -> List.of(Map.of("id", "radar-1", "type", "radar", "input", "udp://127.0.0.1:9101", "packets", 42L)),
            () -> Map.of("broker", "tcp://127.0.0.1:1883", "connected", true, "pending", 3)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static Map<String, Object> camera(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void everyValueFromConfigurationEventsAndAuditIsEscaped() {
        board.register("cameras", () -> List.of(camera("id", "door", "purpose", HOSTILE, "gate", "always",
                "state", "down", "lastError", HOSTILE)));
        events.onEvent(Event.of(NOW, "s", EventSource.sensor("radar-1", "radar"), "intrusion", EventState.START,
                HOSTILE, Map.of("note", HOSTILE)));
        access.record(new AuditEvent(NOW, AuditEvent.SESSION_START, HOSTILE, "127.0.0.1:5000", "door", Map.of()));

        String html = page.page(true);
        assertThat(html).doesNotContain("<script>").doesNotContain("alert('x')").contains(ESCAPED);
        assertThat(html.replace("<script src=\"/page.js\" defer></script>", "")).doesNotContain("<script");
        assertThat(html).doesNotContain(" style=").doesNotContain(" onclick=").doesNotContain(" onload=");
    }

    @Test
    void theAccessLogIsRenderedOnlyWhenAskedFor() {
        access.record(new AuditEvent(NOW, AuditEvent.SESSION_END, "nvr", "127.0.0.1:5000", "door",
                Map.of("transport", "tcp", "bytes", 1234L, "durationMs", 65_000L)));
        assertThat(page.page(false)).doesNotContain("id=\"access\"").doesNotContain("session-end")
                .contains("href=\"/access\"").contains("data-src=\"/live\"");
        assertThat(page.fragment(false)).doesNotContain("session-end");
        String withAccess = page.page(true);
        assertThat(withAccess).contains("id=\"access\"").contains("session-end").contains("1m 05s")
                .contains("data-src=\"/access/live\"");
        assertThat(page.fragment(true)).contains("session-end").doesNotContain("<html");
    }

    @Test
    void cameraColumnsShowWhatTheBoardHasAndADashWhereOneCameraLacksIt() {
        board.register("cameras", () -> List.of(
                camera("id", "door", "purpose", "Theft", "gate", "motion", "framesIn", 12L),
                camera("id", "yard", "purpose", "Cars", "gate", "always", "state", "playing",
                        "since", "2026-12-03T18:00:00Z", "readers", 2, "bitrate", 2_500_000)));
        board.register("gates", () -> List.of(Map.of("id", "door", "mode", "motion", "open", false)));
        String html = page.fragment(false);
        String door = row(html, "door");
        assertThat(door).contains("motion <span class=\"gate gate-closed\">closed</span>").contains(">12<");
        assertThat(door.split(StatusPage.DASH, -1)).hasSize(4); // state, readers, bitrate
        String yard = row(html, "yard");
        assertThat(yard).contains("state-playing").contains("since 2026-12-03 18:00:00Z").contains(">2<")
                .contains("2.5 Mbit/s").contains(">always<");
        assertThat(html).contains("<th>State</th>").contains("<th>Bitrate</th>");
    }

    @Test
    void aColumnNoCameraReportsIsLeftOut() {
        board.register("cameras", () -> List.of(camera("id", "door", "purpose", "Theft", "gate", "always")));
        String html = page.fragment(false);
        assertThat(html).contains("<thead><tr><th>Camera</th><th>Purpose</th><th>Gate</th></tr></thead>");
        assertThat(row(html, "door")).doesNotContain(StatusPage.DASH);
    }

    @Test
    void sensorsShowTheirLastEventAndMqttItsConnection() {
        events.onEvent(Event.of(NOW, "s", EventSource.sensor("radar-1", "radar"), "intrusion", EventState.START,
                "yard", Map.of()));
        String html = page.fragment(false);
        assertThat(html).contains("intrusion start (yard)").contains("udp://127.0.0.1:9101").contains("<td>42</td>")
                .contains("state-connected").contains("tcp://127.0.0.1:1883");
        assertThat(html).contains("Updated <time id=\"updated\">2026-12-03 19:00:00Z</time>");
    }

    @Test
    void emptySectionsSaySo() {
        assertThat(page.page(true)).contains("No cameras configured.").contains("No events since the gateway started.")
                .contains("No sessions since the gateway started.");
    }

    private static String row(String html, String camera) {
        int start = html.indexOf("<tr data-camera=\"" + camera + "\">");
        assertThat(start).as("row of " + camera).isNotNegative();
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
