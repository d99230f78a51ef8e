package org.camgate.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    private final List<AuditEvent> audited = new ArrayList<>();
    private final AccessPolicy policy = new AccessPolicy(config(), new AuditLog() {
        @Override
        public void record(AuditEvent event) {
            audited.add(event);
        }

        @Override
        public void close() {
        }
    }, Clock.systemUTC());

    private static GatewayConfig config() {
        try {
            return ConfigLoader.parse("""
                    site: s
                    access:
                      allow: [127.0.0.0/8]
                      deny: [127.0.0.66/32]
                    users:
                      - {name: nvr, password: a, cameras: ["*"]}
                      - {name: guest, password: b, cameras: [lobby]}
                      - {name: boss, password: c, cameras: [], admin: true}
                    cameras:
                      - {id: lobby, purpose: Safety, source: "rtsp://192.0.2.1/x"}
                      - {id: vault, purpose: Vault, source: "rtsp://192.0.2.1/y", access: {deny: [127.0.0.7/32]}}
                    sensors:
                      - {id: radar, type: radar, input: "udp://127.0.0.1:0", allow: [10.9.0.0/16]}
                      - {id: open, type: radar, input: "udp://127.0.0.1:0"}
                    """, "test", Map.of());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static InetSocketAddress at(String ip) {
        return new InetSocketAddress(ip, 40000);
    }

    @Test
    void networkRulesApplyToEveryWayInAndRefusalsAreAudited() {
        for (Protocol p : List.of(Protocol.RTSP, Protocol.ONVIF, Protocol.SNAPSHOT, Protocol.STATUS, Protocol.MQTT,
                Protocol.DISCOVERY)) {
            assertThat(policy.decide(AccessRequest.connect(p, at("127.0.0.2")))).isEqualTo(Decision.ALLOW);
            assertThat(policy.decide(AccessRequest.connect(p, at("192.0.2.9")))).isEqualTo(Decision.ADDRESS_NOT_ALLOWED);
            assertThat(policy.decide(AccessRequest.preAuth(p, at("127.0.0.66")))).isEqualTo(Decision.ADDRESS_NOT_ALLOWED);
        }
        assertThat(audited).hasSize(12).allSatisfy(e -> {
            assertThat(e.event()).isEqualTo("denied");
            assertThat(e.details()).containsKey("transport").containsEntry("reason", "address not allowed");
        });
    }

    @Test
    void cameraRulesNeedAKnownUserWhoMaySeeTheCameraFromAnAllowedAddress() {
        assertThat(policy.decide(AccessRequest.camera(Protocol.RTSP, at("127.0.0.2"), "nvr", "vault")))
                .isEqualTo(Decision.ALLOW);
        assertThat(policy.decide(AccessRequest.camera(Protocol.SNAPSHOT, at("127.0.0.7"), "nvr", "vault")))
                .isEqualTo(Decision.ADDRESS_NOT_ALLOWED_FOR_CAMERA);
        assertThat(policy.decide(AccessRequest.camera(Protocol.ONVIF, at("127.0.0.2"), "guest", "vault")))
                .isEqualTo(Decision.CAMERA_NOT_PERMITTED);
        assertThat(policy.decide(AccessRequest.camera(Protocol.ONVIF, at("127.0.0.2"), "nvr", "nowhere")))
                .isEqualTo(Decision.UNKNOWN_CAMERA);
        assertThat(policy.decide(AccessRequest.camera(Protocol.RTSP, at("127.0.0.2"), "ghost", "lobby")))
                .isEqualTo(Decision.UNAUTHENTICATED);
        assertThat(policy.decide(AccessRequest.camera(Protocol.RTSP, at("192.0.2.9"), "nvr", "lobby")))
                .isEqualTo(Decision.ADDRESS_NOT_ALLOWED);
        assertThat(policy.decide(AccessRequest.read(Protocol.STATUS, at("127.0.0.2"), "guest"))).isEqualTo(Decision.ALLOW);
        assertThat(audited).extracting(AuditEvent::camera).containsExactly("vault", "vault", "nowhere", "lobby");
    }

    @Test
    void theAccessLogIsForKnownAdminUsersFromAllowedAddresses() {
        assertThat(policy.decide(new AccessRequest(Protocol.STATUS, at("127.0.0.2"), "boss", null, Action.ADMIN)))
                .isEqualTo(Decision.ALLOW);
        assertThat(policy.decide(new AccessRequest(Protocol.STATUS, at("127.0.0.2"), "nvr", null, Action.ADMIN)))
                .isEqualTo(Decision.NOT_ADMIN);
        assertThat(policy.decide(new AccessRequest(Protocol.STATUS, at("127.0.0.66"), "boss", null, Action.ADMIN)))
                .isEqualTo(Decision.ADDRESS_NOT_ALLOWED);
        assertThat(policy.decide(new AccessRequest(Protocol.STATUS, at("127.0.0.2"), "eve", null, Action.ADMIN)))
                .isEqualTo(Decision.UNAUTHENTICATED);
        assertThat(audited).extracting(e -> e.details().get("reason"))
                .containsExactly("user is not an admin", "address not allowed");
    }

    @Test
    void sensorsAnswerToTheirOwnAllowList() {
        assertThat(policy.decide(new AccessRequest(Protocol.SENSOR, at("10.9.1.1"), null, "radar", Action.CONNECT)))
                .isEqualTo(Decision.ALLOW);
        assertThat(policy.decide(new AccessRequest(Protocol.SENSOR, at("127.0.0.2"), null, "radar", Action.CONNECT)))
                .isEqualTo(Decision.ADDRESS_NOT_ALLOWED);
        assertThat(policy.decide(new AccessRequest(Protocol.SENSOR, at("192.0.2.1"), null, "open", Action.CONNECT)))
                .isEqualTo(Decision.ALLOW);
    }

    @Test
    void anUpdatedConfigurationReplacesTheRules() throws Exception {
        policy.update(ConfigLoader.parse("site: s\naccess:\n  allow: [10.0.0.0/8]\n", "t", Map.of()));
        assertThat(policy.evaluate(AccessRequest.connect(Protocol.RTSP, at("127.0.0.2"))))
                .isEqualTo(Decision.ADDRESS_NOT_ALLOWED);
        assertThat(policy.evaluate(AccessRequest.read(Protocol.RTSP, at("10.0.0.1"), "nvr")))
                .as("a user the new rules do not know").isEqualTo(Decision.UNAUTHENTICATED);
    }

    @Test
    void logSafeTextEscapesControlCharactersAndBoundsLength() {
        assertThat(LogSafe.text("eve\n2026-01-01 INFO forged")).isEqualTo("eve\\u000a2026-01-01 INFO forged");
        assertThat(LogSafe.text("x".repeat(100))).endsWith("...(+36)").hasSize(64 + 8);
    }
}
