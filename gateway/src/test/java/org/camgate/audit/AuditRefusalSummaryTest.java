package org.camgate.audit;

import org.camgate.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camgate.config.AuditConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRefusalSummaryTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-24T10:15:30.123456Z"));
    private JsonLinesAuditLog log;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    // --- the summariser on its own ---

    @Test
    void theFirstRefusalsOfAnAddressPassAndTheRestAreCountedUntilTheWindowEnds() {
        RefusalSummary s = new RefusalSummary(3, MINUTE, 100);
        Instant t0 = clock.instant();
        List<Boolean> admitted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String type = i % 2 == 0 ? AuditEvent.AUTH_FAILURE : AuditEvent.RATE_LIMITED;
            admitted.add(s.admit(refusal(type, "192.0.2.7:" + (40000 + i), t0.plusSeconds(i)), t0.plusSeconds(i)));
        }
        assertThat(admitted).containsExactly(true, true, true, false, false, false, false, false);
        assertThat(s.expire(t0.plusSeconds(59))).isEmpty();

        List<AuditEvent> summaries = s.expire(t0.plus(MINUTE));
        assertThat(summaries).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(AuditEvent.SUPPRESSED);
            assertThat(e.remote()).isEqualTo("192.0.2.7");
            assertThat(e.time()).isEqualTo(t0.plus(MINUTE));
            assertThat(e.details().get("counts")).isEqualTo(java.util.Map.of("rate-limited", 3L, "auth-failure", 2L));
            assertThat(e.details()).containsEntry("first", t0.plusSeconds(3)).containsEntry("last", t0.plusSeconds(7));
        });
        assertThat(s.tracked()).isZero();

        // A new window: the allowance starts again.
        Instant t1 = t0.plus(MINUTE).plusSeconds(1);
        assertThat(s.admit(refusal(AuditEvent.DENIED, "192.0.2.7:1", t1), t1)).isTrue();
    }

    @Test
    void otherEventsAreNeverCountedNorSuppressed() {
        RefusalSummary s = new RefusalSummary(1, MINUTE, 100);
        Instant t = clock.instant();
        assertThat(s.admit(refusal(AuditEvent.AUTH_FAILURE, "192.0.2.7:1", t), t)).isTrue();
        assertThat(s.admit(refusal(AuditEvent.AUTH_FAILURE, "192.0.2.7:2", t), t)).isFalse();
        for (String type : List.of(AuditEvent.SESSION_START, AuditEvent.SESSION_END, "snapshot", "gate-open",
                AuditEvent.SUPPRESSED, AuditEvent.DROPPED)) {
            for (int i = 0; i < 5; i++) {
                assertThat(s.admit(refusal(type, "192.0.2.7:3", t), t)).as(type).isTrue();
            }
        }
        assertThat(s.expireAll(t).get(0).details().get("counts")).isEqualTo(java.util.Map.of("auth-failure", 1L));
    }

    @Test
    void addressesAreCountedWithoutThePortAndIpv6ByItsSlash64() {
        assertThat(RefusalSummary.addressKey("192.0.2.7:50312")).isEqualTo("192.0.2.7");
        assertThat(RefusalSummary.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(RefusalSummary.addressKey("[2001:db8:1:2::5]:554")).isEqualTo("2001:db8:1:2::/64");
        assertThat(RefusalSummary.addressKey("[2001:DB8:1:2:ffff:ffff:ffff:ffff]:1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(RefusalSummary.addressKey("2001:db8:1:2:0:0:0:1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(RefusalSummary.addressKey("[2001:db8:1:3::5]:554")).isEqualTo("2001:db8:1:3::/64");
        assertThat(RefusalSummary.addressKey("[fe80::1%eth0]:554")).isEqualTo("fe80:0:0:0::/64");
        assertThat(RefusalSummary.addressKey("[0:0:0:0:0:0:0:1]:1")).isEqualTo("0:0:0:0::/64");
        assertThat(RefusalSummary.addressKey("[::ffff:192.0.2.7]:1")).isEqualTo("192.0.2.7");
        assertThat(RefusalSummary.addressKey("[64:ff9b::192.0.2.7]:1")).isEqualTo("64:ff9b:0:0::/64");
        // Not IP addresses: taken as they are (without a :port), never looked up.
        assertThat(RefusalSummary.addressKey("-")).isEqualTo("-");
        assertThat(RefusalSummary.addressKey("")).isEqualTo("");
        assertThat(RefusalSummary.addressKey("gateway.example:80")).isEqualTo("gateway.example");
        assertThat(RefusalSummary.addressKey("1:2:3:4:5:6:7:8:9")).isEqualTo("1:2:3:4:5:6:7:8:9");
        assertThat(RefusalSummary.addressKey("[::1")).isEqualTo("[::1");
        assertThat(RefusalSummary.addressKey("[1::2::3]:4")).isEqualTo("1::2::3");
        assertThat(RefusalSummary.addressKey("[g::1]:4")).isEqualTo("g::1");
        assertThat(RefusalSummary.addressKey("[::1.2.3.256]:4")).isEqualTo("::1.2.3.256");

        RefusalSummary s = new RefusalSummary(2, MINUTE, 100);
        Instant t = clock.instant();
        assertThat(List.of("[2001:db8:1:2::1]:1", "[2001:db8:1:2::2]:2", "[2001:db8:1:2:a::3]:3", "[2001:db8:1:3::1]:4"))
                .map(r -> s.admit(refusal(AuditEvent.DENIED, r, t), t)).containsExactly(true, true, false, true);
    }

    @Test
    void beyondMaxAddressesFurtherAddressesShareOneAllowanceAndSummary() {
        RefusalSummary s = new RefusalSummary(2, MINUTE, 3);
        Instant t = clock.instant();
        for (int a = 1; a <= 10; a++) {
            for (int i = 0; i < 3; i++) {
                s.admit(refusal(AuditEvent.AUTH_FAILURE, "192.0.2." + a + ":1", t), t);
            }
        }
        assertThat(s.tracked()).isEqualTo(3);
        List<AuditEvent> summaries = s.expire(t.plus(MINUTE));
        assertThat(summaries).extracting(AuditEvent::remote).containsExactly("192.0.2.1", "192.0.2.2", "192.0.2.3", "*");
        assertThat(summaries.get(0).details().get("counts")).isEqualTo(java.util.Map.of("auth-failure", 1L));
        // 7 addresses x 3 events, 2 of them written.
        assertThat(summaries.get(3).details().get("counts")).isEqualTo(java.util.Map.of("auth-failure", 19L));
        assertThat(s.tracked()).isZero();
    }

    @Test
    void windowsEndEvenWhenTheClockWentBack() {
        RefusalSummary s = new RefusalSummary(1, MINUTE, 100);
        Instant t = clock.instant();
        s.admit(refusal(AuditEvent.DENIED, "192.0.2.1:1", t), t);
        s.admit(refusal(AuditEvent.DENIED, "192.0.2.1:1", t), t);
        Instant earlier = t.minus(Duration.ofHours(1));
        assertThat(s.expire(earlier)).singleElement().extracting(AuditEvent::remote).isEqualTo("192.0.2.1");
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new RefusalSummary(0, MINUTE, 1)).hasMessage("limit: 0 (expected: > 0)");
        assertThatThrownBy(() -> new RefusalSummary(1, Duration.ZERO, 1)).hasMessage("window: PT0S (expected: > 0)");
        assertThatThrownBy(() -> new RefusalSummary(1, MINUTE, 0)).hasMessage("maxAddresses: 0 (expected: > 0)");
    }

    // --- in the log ---

    @Test
    void theLogWritesTheAllowanceAndOneSummaryPerAddressWhenTheWindowEnds() throws Exception {
        Path file = open(new AuditConfig.Refusals(10, MINUTE, 100));
        for (int i = 0; i < 25; i++) {
            log.record(refusal(AuditEvent.AUTH_FAILURE, "192.0.2.7:" + (50000 + i), clock.instant()));
            log.record(refusal(AuditEvent.DENIED, "198.51.100.1:" + (50000 + i), clock.instant()));
            clock.advance(Duration.ofMillis(100));
        }
        log.record(AuditEvent.builder(AuditEvent.SESSION_START, clock.instant()).user("nvr").remote("192.0.2.7:1")
                .camera("entrance").build());
        List<JsonNode> before = lines(file);
        assertThat(before).hasSize(21);
        assertThat(before).filteredOn(n -> n.get("event").asText().equals("suppressed")).isEmpty();
        assertThat(before.get(20).get("event").asText()).isEqualTo("session-start");

        clock.advance(MINUTE);
        List<JsonNode> after = lines(file);
        assertThat(after).hasSize(23);
        JsonNode first = after.get(21);
        assertThat(first.get("event").asText()).isEqualTo("suppressed");
        assertThat(first.get("remote").asText()).isEqualTo("192.0.2.7");
        assertThat(first.get("user").isNull()).isTrue();
        assertThat(first.get("counts").get("auth-failure").asInt()).isEqualTo(15);
        assertThat(first.get("first").asText()).isEqualTo("2026-11-24T10:15:31.123Z");
        assertThat(first.get("last").asText()).isEqualTo("2026-11-24T10:15:32.523Z");
        assertThat(after.get(22).get("remote").asText()).isEqualTo("198.51.100.1");
        assertThat(after.get(22).get("counts").get("denied").asInt()).isEqualTo(15);
    }

    @Test
    void closeWritesTheSummariesOfOpenWindows() throws Exception {
        Path file = open(new AuditConfig.Refusals(2, MINUTE, 100));
        for (int i = 0; i < 5; i++) {
            log.record(refusal(AuditEvent.RATE_LIMITED, "[2001:db8::" + i + "]:554", clock.instant()));
        }
        log.close();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        JsonNode summary = MAPPER.readTree(lines.get(2));
        assertThat(summary.get("event").asText()).isEqualTo("suppressed");
        assertThat(summary.get("remote").asText()).isEqualTo("2001:db8:0:0::/64");
        assertThat(summary.get("counts").get("rate-limited").asInt()).isEqualTo(3);
    }

    @Test
    void refusalsOverTheAllowanceDoNotTakeRoomInTheQueue() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditConfig config = new AuditConfig(file, Duration.ofDays(30), AuditConfig.DEFAULT_MAX_FILE_SIZE,
                AuditConfig.DEFAULT_MAX_TOTAL_SIZE, new AuditConfig.Refusals(5, MINUTE, 100));
        log = new JsonLinesAuditLog(config, clock, 20, false);
        for (int i = 0; i < 10_000; i++) {
            log.record(refusal(AuditEvent.AUTH_FAILURE, "192.0.2.66:" + (1024 + i % 60000), clock.instant()));
        }
        log.record(AuditEvent.builder(AuditEvent.SESSION_START, clock.instant()).user("nvr").remote("192.0.2.8:1")
                .camera("entrance").build());
        log.startWriter();
        List<JsonNode> lines = lines(file);
        assertThat(lines).extracting(n -> n.get("event").asText())
                .containsExactly("auth-failure", "auth-failure", "auth-failure", "auth-failure", "auth-failure",
                        "session-start");
    }

    private Path open(AuditConfig.Refusals refusals) throws IOException {
        Path file = dir.resolve("audit.log");
        log = new JsonLinesAuditLog(new AuditConfig(file, Duration.ofDays(30), AuditConfig.DEFAULT_MAX_FILE_SIZE,
                AuditConfig.DEFAULT_MAX_TOTAL_SIZE, refusals), clock);
        return file;
    }

    private List<JsonNode> lines(Path file) throws Exception {
        assertThat(log.flush(Duration.ofSeconds(10))).as("flushed").isTrue();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(MAPPER.readTree(line));
        }
        return out;
    }

    private static AuditEvent refusal(String type, String remote, Instant time) {
        return AuditEvent.builder(type, time).user("x").remote(remote).reason("test").build();
    }
}
