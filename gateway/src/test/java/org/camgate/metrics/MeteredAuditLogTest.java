package org.camgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.junit.jupiter.api.Test;

/** Refusals counted per way in on their way to the audit log, which still gets every event. */
class MeteredAuditLogTest {
    private final List<AuditEvent> written = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MeteredAuditLog log = new MeteredAuditLog(new AuditLog() {
        @Override
        public void record(AuditEvent event) {
            written.add(event);
        }

        @Override
        public void close() {
        }
    }, registry);

    private static AuditEvent event(String name, String transport) {
        return AuditEvent.builder(name, Instant.EPOCH).remote("192.0.2.7:4000").user("mallory").transport(transport)
                .build();
    }

    private double failures(String protocol) {
        return registry.get("camgate.auth.failures").tag("protocol", protocol).counter().count();
    }

    @Test
    void countsFailuresPerProtocolWithoutAddressesOrNames() {
        log.record(event(AuditEvent.AUTH_FAILURE, "onvif"));
        log.record(event(AuditEvent.AUTH_FAILURE, "onvif"));
        log.record(event(AuditEvent.AUTH_FAILURE, "http-snapshot"));
        log.record(event(AuditEvent.AUTH_FAILURE, null)); // the RTSP server's records carry no transport
        log.record(event(AuditEvent.AUTH_FAILURE, "x-attacker-chosen"));
        log.record(event(AuditEvent.DENIED, "mqtt"));
        log.record(event(AuditEvent.RATE_LIMITED, "onvif"));
        log.record(event(AuditEvent.SESSION_START, "tcp"));

        assertThat(failures("onvif")).isEqualTo(2);
        assertThat(failures("snapshot")).isEqualTo(1);
        assertThat(failures("rtsp")).isEqualTo(1);
        assertThat(failures("other")).isEqualTo(1);
        assertThat(failures("mqtt")).as("present at 0 from start").isZero();
        assertThat(registry.get("camgate.access.refusals").tags("protocol", "mqtt", "event", "denied").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("camgate.access.refusals").tags("protocol", "onvif", "event", "rate-limited").counter()
                .count()).isEqualTo(1);
        assertThat(written).hasSize(8);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags().toString())
                .doesNotContain("192.0.2.7").doesNotContain("mallory").doesNotContain("x-attacker"));
    }
}
