package org.camgate.audit;

import org.camgate.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.camgate.config.AuditConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 9: 1,000 pipelined unauthenticated DESCRIBEs with a 3,800-byte user name grew the
 * audit log by 3.9 MB in 2 s. With the defaults the same flood now takes a few kilobytes.
 */
class AuditFloodTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aThousandFailedLoginsWithAHugeUserNameMakeASmallLog() throws Exception {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-24T10:15:30.123456Z"));
        Path file = dir.resolve("audit.log");
        String user = "A".repeat(3800);
        try (JsonLinesAuditLog log = new JsonLinesAuditLog(AuditConfig.defaults().withFile(file), clock)) {
            for (int i = 0; i < 1000; i++) {
                // What ReaderAudit.authFailure records for a DESCRIBE with an unknown user, over 2 s.
                log.record(AuditEvent.builder(AuditEvent.AUTH_FAILURE, clock.instant()).user(user)
                        .remote(new InetSocketAddress("203.0.113.9", 30000 + i)).camera("entrance")
                        .reason("unknown user").build());
                clock.advance(Duration.ofMillis(2));
            }
            clock.advance(Duration.ofMinutes(1));
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();

            long size = Files.size(file);
            List<String> lines = Files.readAllLines(file);
            assertThat(size).as("bytes written for the flood").isLessThan(3_000);
            assertThat(lines).hasSize(11);
            JsonNode written = MAPPER.readTree(lines.get(0));
            assertThat(written.get("user").asText()).hasSize(AuditEvent.MAX_NAME_CHARS).endsWith("\u2026(+3744)");
            JsonNode summary = MAPPER.readTree(lines.get(10));
            assertThat(summary.get("event").asText()).isEqualTo("suppressed");
            assertThat(summary.get("remote").asText()).isEqualTo("203.0.113.9");
            assertThat(summary.get("counts").get("auth-failure").asInt()).isEqualTo(990);
            assertThat(summary.get("first").asText()).isEqualTo("2026-11-24T10:15:30.143Z");
            assertThat(summary.get("last").asText()).isEqualTo("2026-11-24T10:15:32.121Z");
        }
    }
}
