package org.camgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    private static final Instant T = Instant.parse("2026-11-24T10:15:30Z");

    @Test
    void shortStringsAreKeptAsTheyAre() {
        AuditEvent e = AuditEvent.builder(AuditEvent.AUTH_FAILURE, T).user("nvr").remote("192.0.2.1:5000")
                .camera("entrance").reason("bad credentials").build();
        assertThat(List.of(e.event(), e.user(), e.remote(), e.camera(), e.details().get("reason")))
                .containsExactly("auth-failure", "nvr", "192.0.2.1:5000", "entrance", "bad credentials");
        String exactly = "u".repeat(AuditEvent.MAX_NAME_CHARS);
        assertThat(AuditEvent.builder("x", T).remote("r").user(exactly).build().user()).isSameAs(exactly);
    }

    @Test
    void claimedNamesAreCutWithAVisibleMarker() {
        String user = "a".repeat(3800);
        AuditEvent e = AuditEvent.builder(AuditEvent.AUTH_FAILURE, T).user(user).remote("192.0.2.1:5000")
                .camera("c".repeat(65)).reason("r".repeat(1000)).detail("uri", "rtsp://x/" + "p".repeat(300)).build();

        assertThat(e.user()).hasSize(AuditEvent.MAX_NAME_CHARS).isEqualTo("a".repeat(56) + "\u2026(+3744)");
        assertThat(e.camera()).hasSize(AuditEvent.MAX_NAME_CHARS).isEqualTo("c".repeat(59) + "\u2026(+6)");
        assertThat((String) e.details().get("reason")).hasSize(AuditEvent.MAX_TEXT_CHARS)
                .startsWith("rrrr").endsWith("\u2026(+751)");
        assertThat((String) e.details().get("uri")).hasSize(AuditEvent.MAX_TEXT_CHARS).startsWith("rtsp://x/ppp");
    }

    @Test
    void everyStringFieldIsBounded() {
        String huge = "z".repeat(100_000);
        AuditEvent e = new AuditEvent(T, huge, huge, huge, huge, Map.of("reason", huge));
        assertThat(List.of(e.event(), e.user(), e.remote(), e.camera()))
                .allSatisfy(s -> assertThat(s).hasSize(AuditEvent.MAX_NAME_CHARS).endsWith("\u2026(+99945)"));
        assertThat((String) e.details().get("reason")).hasSize(AuditEvent.MAX_TEXT_CHARS);
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        // 55 letters, then emoji (2 chars each): the cut after 58 characters would split the second one.
        String user = "a".repeat(55) + "\uD83D\uDE00".repeat(20);
        String cut = AuditEvent.builder("x", T).remote("r").user(user).build().user();
        assertThat(cut).isEqualTo("a".repeat(55) + "\uD83D\uDE00" + "\u2026(+38)");
        assertThat(cut.length()).isLessThanOrEqualTo(AuditEvent.MAX_NAME_CHARS);
    }

    @Test
    void numbersTimesAndShortValuesPassUnchanged() {
        AuditEvent e = AuditEvent.builder("x", T).remote("r").bytes(123456789L).duration(Duration.ofSeconds(3))
                .detail("at", T).detail("ok", true).build();
        assertThat(e.details()).containsEntry("bytes", 123456789L).containsEntry("durationMs", 3000L)
                .containsEntry("at", T).containsEntry("ok", true);
    }

    @Test
    void mapsAndCollectionsAreBoundedToo() {
        Map<String, Object> counts = new LinkedHashMap<>();
        IntStream.range(0, 20).forEach(i -> counts.put("k" + i, i));
        counts.put("k".repeat(100), "v".repeat(300));
        List<String> many = IntStream.range(0, 40).mapToObj(i -> "x".repeat(300)).toList();
        AuditEvent e = AuditEvent.builder("x", T).remote("r").detail("counts", counts).detail("list", many)
                .detail("other", new StringBuilder("s".repeat(1000))).build();

        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) e.details().get("counts");
        assertThat(m).hasSize(AuditText.MAX_ELEMENTS + 1).containsEntry("k0", 0).containsEntry("\u2026", 5);
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) e.details().get("list");
        assertThat(l).hasSize(AuditText.MAX_ELEMENTS + 1).last().isEqualTo("\u2026(+24)");
        assertThat(l.get(0)).asString().hasSize(AuditEvent.MAX_TEXT_CHARS);
        assertThat((String) e.details().get("other")).hasSize(AuditEvent.MAX_TEXT_CHARS);
    }

    @Test
    void boundKeepsTheMarkerWithinTheLimitAtEveryLength() {
        for (int len = 0; len < 2000; len += 7) {
            String s = "q".repeat(len);
            String cut = AuditText.bound(s, 64);
            if (len <= 64) {
                assertThat(cut).isEqualTo(s);
            } else {
                assertThat(cut).hasSize(64);
                int kept = cut.indexOf('\u2026');
                assertThat(cut).endsWith("(+" + (len - kept) + ")");
            }
        }
    }
}
