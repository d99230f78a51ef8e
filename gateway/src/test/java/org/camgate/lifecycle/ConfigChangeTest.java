package org.camgate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.junit.jupiter.api.Test;

/** What a reload changes, part by part, from two real configuration files. */
class ConfigChangeTest {
    private static final String BASE = """
            site: lab-1
            rtsp: { listen: 127.0.0.1:8554 }
            onvif: { listen: 127.0.0.1:8080 }
            mqtt: { broker: "tcp://127.0.0.1:1883", outbox: { dir: /tmp/outbox } }
            access: { allow: [127.0.0.0/8] }
            audit: { file: /tmp/audit.log }
            users:
              - { name: nvr, password: secret, cameras: ["*"] }
              - { name: guest, password: guest, cameras: [a] }
            sensors:
              - { id: radar-1, type: radar, input: "udp://127.0.0.1:9101" }
            cameras:
              - id: a
                purpose: Entrance
                source: rtsp://127.0.0.1:554/a
              - id: c
                purpose: Yard
                source: rtsp://127.0.0.1:554/c
                gate: { mode: triggers, triggers: [manual], postRoll: 10s }
              - id: d
                purpose: Zones
                source: rtsp://127.0.0.1:554/d
                motion:
                  zones: [[[0, 0], [1, 0], [1, 1]]]
            """;

    private static GatewayConfig parse(String yaml) throws Exception {
        return ConfigLoader.parse(yaml, "test.yaml", Map.of());
    }

    private static ConfigChange change(String edited) throws Exception {
        return ConfigChange.between(parse(BASE), parse(edited));
    }

    @Test
    void theSameFileChangesNothing() throws Exception {
        ConfigChange change = change(BASE);
        assertThat(change.isEmpty()).isTrue();
        assertThat(change.parts()).isEmpty();
        assertThat(change.cameras()).isFalse();
        assertThat(change.permissions()).isFalse();
    }

    @Test
    void camerasAddedRemovedAndChangedOneByOne() throws Exception {
        String edited = BASE.replace("""
                  - id: c
                    purpose: Yard
                    source: rtsp://127.0.0.1:554/c
                    gate: { mode: triggers, triggers: [manual], postRoll: 10s }
                """, """
                  - id: b
                    purpose: Lobby
                    source: rtsp://127.0.0.1:554/b
                """).replace("rtsp://127.0.0.1:554/d", "rtsp://127.0.0.1:554/d2");
        ConfigChange change = change(edited);
        assertThat(change.addedCameras()).containsExactly("b");
        assertThat(change.removedCameras()).containsExactly("c");
        assertThat(change.changedCameras()).containsExactly("d");
        assertThat(change.endedCameras()).containsExactlyInAnyOrder("c", "d");
        assertThat(change.parts()).containsExactly("cameras added: b", "cameras removed: c", "cameras changed: d");
        assertThat(change.users() || change.access() || change.sensors() || change.mqtt() || change.onvif()).isFalse();
        assertThat(change.needsRestart()).isEmpty();
        assertThat(change.permissions()).isTrue();
    }

    @Test
    void aGateSettingIsAChangeOfItsCameraOnly() throws Exception {
        ConfigChange change = change(BASE.replace("postRoll: 10s", "postRoll: 20s"));
        assertThat(change.changedCameras()).containsExactly("c");
        assertThat(change.addedCameras()).isEmpty();
        assertThat(change.removedCameras()).isEmpty();
    }

    @Test
    void equalMotionZonesAreNoChange() throws Exception {
        // Zones hold double arrays: equal points must compare equal, or every reload would restart the camera.
        assertThat(change(BASE + "\n").changedCameras()).isEmpty();
    }

    @Test
    void reorderedCamerasAreNoChange() throws Exception {
        String a = """
                  - id: a
                    purpose: Entrance
                    source: rtsp://127.0.0.1:554/a
                """;
        String edited = BASE.replace(a, "") + a;
        assertThat(change(edited).parts()).isEmpty();
    }

    @Test
    void usersPasswordsAndPermissions() throws Exception {
        assertThat(change(BASE.replace("password: guest", "password: other")).parts()).containsExactly("users");
        ConfigChange lost = change(BASE.replace("cameras: [a]", "cameras: [c]"));
        assertThat(lost.users()).isTrue();
        assertThat(lost.permissions()).isTrue();
        assertThat(lost.cameras()).isFalse();
        assertThat(change(BASE.replace("  - { name: guest, password: guest, cameras: [a] }\n", "")).users()).isTrue();
    }

    @Test
    void accessSensorsMqttAndOnvifAsSections() throws Exception {
        assertThat(change(BASE.replace("allow: [127.0.0.0/8]", "allow: [127.0.0.1/32]")).parts())
                .containsExactly("access");
        assertThat(change(BASE.replace("udp://127.0.0.1:9101", "udp://127.0.0.1:9102")).parts())
                .containsExactly("sensors");
        assertThat(change(BASE.replace("tcp://127.0.0.1:1883", "tcp://127.0.0.1:1884")).parts())
                .containsExactly("mqtt");
        assertThat(change(BASE.replace("127.0.0.1:8080", "127.0.0.1:8081")).parts()).containsExactly("onvif");
    }

    @Test
    void listenAddressesAndTheAuditLogNeedARestartAndKeepTheirRunningValues() throws Exception {
        GatewayConfig before = parse(BASE);
        GatewayConfig after = parse(BASE.replace("127.0.0.1:8554", "127.0.0.1:9554").replace("/tmp/audit.log",
                "/tmp/other.log").replace("site: lab-1", "site: lab-2") + "status: { listen: 127.0.0.1:9090 }\n");
        ConfigChange change = ConfigChange.between(before, after);
        assertThat(change.needsRestart()).containsExactly("site", "rtsp", "status", "audit");
        assertThat(change.parts()).isEmpty();
        assertThat(change.isEmpty()).isFalse();
        GatewayConfig running = change.running();
        assertThat(running.rtsp()).isEqualTo(before.rtsp());
        assertThat(running.site()).isEqualTo("lab-1");
        assertThat(running.audit()).isEqualTo(before.audit());
        assertThat(running.status()).isEqualTo(before.status());
        // Reloading the same file again still says so: the running gateway keeps the old values.
        assertThat(ConfigChange.between(running, after).needsRestart()).containsExactly("site", "rtsp", "status",
                "audit");
    }

    @Test
    void theRunningConfigurationTakesEverythingElse() throws Exception {
        GatewayConfig after = parse(BASE.replace("password: guest", "password: other")
                .replace("127.0.0.1:8554", "127.0.0.1:9554"));
        GatewayConfig running = ConfigChange.between(parse(BASE), after).running();
        assertThat(running.users()).isEqualTo(after.users());
        assertThat(running.cameras()).isEqualTo(after.cameras());
        assertThat(ConfigChange.between(running, after).parts()).isEmpty();
    }
}
