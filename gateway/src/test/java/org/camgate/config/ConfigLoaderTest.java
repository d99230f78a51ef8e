package org.camgate.config;

import org.camgate.common.yaml.ConfigProblem;
import org.camgate.common.yaml.ConfigException;
import org.camgate.common.units.ByteSizes;
import org.camgate.common.net.HostPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camgate.access.Cidr;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.lidar.LidarSettings;
import org.camgate.sensor.lidar.LidarZone;
import org.camgate.sensor.radar.LineConfig;
import org.camgate.sensor.radar.RadarSettings;
import org.camgate.sensor.radar.RadarZone;
import org.camgate.sensor.thermal.ThermalSettings;
import org.camgate.sensor.thermal.ThermalZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    /** Surefire runs in gateway/; the shipped gateway configurations are in the repository's conf/gateway/. */
    static final Path CONF = Path.of("..", "conf", "gateway");

    private static GatewayConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", Map.of("NVR_PASSWORD", "s3cret"));
    }

    @Test
    void onlySiteGivesEveryDefault() throws Exception {
        GatewayConfig c = parse("site: lab-1\n");
        assertThat(c.site()).isEqualTo("lab-1");
        assertThat(c.rtsp()).isEqualTo(RtspConfig.defaults());
        assertThat(c.onvif()).isEqualTo(OnvifConfig.defaults());
        assertThat(c.mqtt()).isEqualTo(MqttConfig.defaults());
        assertThat(c.access()).isEqualTo(AccessConfig.defaults());
        assertThat(c.audit()).isEqualTo(AuditConfig.defaults());
        assertThat(c.users()).isEmpty();
        assertThat(c.cameras()).isEmpty();
        assertThat(c.sensors()).isEmpty();
    }

    @Test
    void defaultsAreTheDocumentedValues() {
        RtspConfig r = RtspConfig.defaults();
        assertThat(r.listen()).hasToString("127.0.0.1:8554");
        assertThat(r.udp()).isEqualTo(new UdpConfig(true, 8000, 8001));
        assertThat(List.of(r.sessionTimeout(), r.requestTimeout(), r.idleTimeout(), r.nonceLifetime(), r.upstreamLinger(),
                r.reconnectMin(), r.reconnectMax(), r.upstreamTimeout()))
                .containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5),
                        Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10));
        assertThat(List.of(r.maxConnections(), r.maxUnauthenticatedPerAddress(), r.maxSessions(), r.maxSessionsPerAddress()))
                .containsExactly(2000, 20, 2000, 1000);
        assertThat(ByteSizes.format(r.readerQueueBytes())).isEqualTo("4MB");
        assertThat(ByteSizes.format(r.gopCacheBytes())).isEqualTo("8MB");
        assertThat(LoginFailureConfig.defaults()).isEqualTo(new LoginFailureConfig(5, 10, 200, Duration.ofMinutes(1)));
        assertThat(OnvifConfig.defaults()).isEqualTo(new OnvifConfig(HostPort.parse("127.0.0.1:8080"), false));
        assertThat(MqttConfig.defaults().broker()).isEqualTo("embedded");
        assertThat(MqttConfig.defaults().embeddedListen()).isEqualTo(HostPort.parse("127.0.0.1:1883"));
        assertThat(MqttConfig.defaults().topicPrefix()).isEqualTo("camgate");
        assertThat(AccessConfig.defaults().allow()).extracting(Cidr::toString).containsExactly("127.0.0.0/8", "::1/128");
        assertThat(AccessConfig.defaults().deny()).isEmpty();
        assertThat(AuditConfig.defaults()).isEqualTo(new AuditConfig(Path.of("data/audit.log"), Duration.ofDays(30)));
        assertThat(GateConfig.defaults()).isEqualTo(new GateConfig(GateMode.ALWAYS, List.of(), Duration.ZERO, Duration.ZERO));
    }

    @Test
    void contractSkeletonLoads() throws Exception {
        GatewayConfig c = parse("""
                site: lab-1
                rtsp:
                  listen: 127.0.0.1:8554
                onvif:
                  listen: 127.0.0.1:8080          # device service at /onvif/device_service
                mqtt:
                  broker: embedded                # or tcp://host:1883, ssl://host:8883
                  embedded: { listen: 127.0.0.1:1883 }
                  topicPrefix: camgate
                access:
                  allow: [127.0.0.0/8]            # CIDR; a connection from anywhere else is closed at once
                  deny: []
                users:
                  - name: nvr
                    password: ${NVR_PASSWORD}
                    cameras: ["*"]                # camera ids, or "*"
                audit:
                  file: data/audit.log            # JSON lines
                cameras:
                  - id: entrance
                    purpose: Prevent theft at the main entrance     # required
                    source: rtsp://user:pass@192.0.2.10:554/stream1   # or onvif: { url, username, password }
                    audio: strip                  # strip (default) | keep
                    gate:
                      mode: always                # always | motion | triggers
                      triggers: [motion]          # motion | camera-motion | sensor:<id>[/<zone>] | manual
                      preRoll: 3s
                      postRoll: 10s
                sensors:
                  - id: radar-1
                    type: radar                   # radar | lidar | thermal
                    input: udp://127.0.0.1:9101
                """);
        CameraConfig cam = c.camera("entrance").orElseThrow();
        assertThat(cam.source()).isEqualTo(new SourceConfig.Rtsp(URI.create("rtsp://192.0.2.10:554/stream1"), "user", "pass"));
        assertThat(cam.gate()).isEqualTo(new GateConfig(GateMode.ALWAYS, List.of("motion"), Duration.ofSeconds(3), Duration.ofSeconds(10)));
        assertThat(cam.audio()).isEqualTo(AudioPolicy.STRIP);
        assertThat(cam.transport()).isEqualTo(UpstreamTransport.TCP);
        assertThat(cam.access()).isEmpty();
        assertThat(c.user("nvr").orElseThrow().password()).isEqualTo("s3cret");
        assertThat(c.user("nvr").orElseThrow().mayView("entrance")).isTrue();
        assertThat(c.sensor("radar-1").orElseThrow()).isEqualTo(new RadarSettings(new CommonSettings("radar-1", URI.create("udp://127.0.0.1:9101"))));
        assertThat(c.camera("nope")).isEmpty();
        assertThat(c.user("nope")).isEmpty();
    }

    @Test
    void usersAreNotAdminsUnlessSaid() throws Exception {
        GatewayConfig c = ConfigLoader.parse("""
                site: s
                users:
                  - {name: nvr, password: a, cameras: ["*"]}
                  - {name: boss, password: b, cameras: [], admin: true}
                """, "t.yaml", Map.of());
        assertThat(c.user("nvr").orElseThrow().admin()).isFalse();
        assertThat(c.user("boss").orElseThrow().admin()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.parse("""
                site: s
                users:
                  - {name: boss, password: b, cameras: [], admin: yes}
                """, "t.yaml", Map.of())).hasMessageContaining("users[0].admin");
    }

    @Test
    void referenceConfigurationLoadsAndShowsTheDefaults() throws Exception {
        GatewayConfig c = ConfigLoader.load(CONF.resolve("reference.yaml"), Map.of("NVR_PASSWORD", "pw"));
        assertThat(c.site()).isEqualTo("lab-1");
        assertThat(c.rtsp()).isEqualTo(RtspConfig.defaults());
        assertThat(c.onvif()).isEqualTo(OnvifConfig.defaults());
        assertThat(c.mqtt()).isEqualTo(MqttConfig.defaults());
        assertThat(c.access()).isEqualTo(AccessConfig.defaults());
        assertThat(c.audit()).isEqualTo(AuditConfig.defaults());
        assertThat(c.users()).containsExactly(new UserConfig("nvr", "pw", Set.of("*")));

        CameraConfig entrance = c.cameras().get(0);
        assertThat(entrance.id()).isEqualTo("entrance");
        assertThat(entrance.audio()).isEqualTo(AudioPolicy.STRIP);
        assertThat(entrance.transport()).isEqualTo(UpstreamTransport.TCP);
        assertThat(entrance.gate()).isEqualTo(GateConfig.defaults());
        assertThat(entrance.access()).isEmpty();
        assertThat(entrance.onDemand()).isFalse();
        assertThat(entrance.signalLossAfter()).isEqualTo(CameraConfig.DEFAULT_SIGNAL_LOSS_AFTER);

        CameraConfig yard = c.cameras().get(1);
        assertThat(yard.source()).isEqualTo(new SourceConfig.Onvif(URI.create("http://192.0.2.11/onvif/device_service"), "admin", "pw", ""));
        assertThat(yard.transport()).isEqualTo(UpstreamTransport.UDP);
        assertThat(yard.gate()).isEqualTo(new GateConfig(GateMode.TRIGGERS, List.of("camera-motion", "sensor:radar-1/fence", "manual"),
                Duration.ofSeconds(3), Duration.ofSeconds(10)));
        assertThat(yard.access().orElseThrow().deny()).containsExactly(Cidr.parse("10.1.99.0/24"));
        RadarSettings radar = (RadarSettings) c.sensors().get(0);
        assertThat(radar.input()).isEqualTo(URI.create("udp://127.0.0.1:9101"));
        assertThat(radar.silenceTimeout()).isEqualTo(CommonSettings.DEFAULT_SILENCE_TIMEOUT);
        assertThat(radar.hold()).isEqualTo(CommonSettings.DEFAULT_HOLD);
        assertThat(radar.zones()).extracting(RadarZone::id).containsExactly("fence");
        assertThat(radar.lines().get(0).direction()).isEqualTo(LineConfig.CrossingDirection.BOTH);
        LidarSettings lidar = (LidarSettings) c.sensors().get(1);
        assertThat(lidar.groundZ()).isEqualTo(LidarSettings.DEFAULT_GROUND_Z);
        LidarZone shaft = lidar.zones().get(0);
        assertThat(List.of(shaft.minPoints(), shaft.frames())).containsExactly(LidarZone.DEFAULT_MIN_POINTS, LidarZone.DEFAULT_FRAMES);
        ThermalSettings thermal = (ThermalSettings) c.sensors().get(2);
        assertThat(thermal.temperatureHysteresis()).isEqualTo(ThermalSettings.DEFAULT_TEMPERATURE_HYSTERESIS);
        ThermalZone store = thermal.zones().get(0);
        assertThat(store.riseWindow()).isEqualTo(ThermalZone.DEFAULT_RISE_WINDOW);
        assertThat(List.of(store.bodyMin(), store.bodyMax())).containsExactly(ThermalZone.DEFAULT_BODY_MIN, ThermalZone.DEFAULT_BODY_MAX);
        assertThat(store.minPixels()).isEqualTo(ThermalZone.DEFAULT_MIN_PIXELS);
    }

    @Test
    void referenceConfigurationNeedsItsVariable() throws java.io.IOException {
        // The lines where the reference file uses the variable, so the test follows edits of the file.
        List<String> file = java.nio.file.Files.readAllLines(CONF.resolve("reference.yaml"));
        List<Integer> lines = new java.util.ArrayList<>();
        for (int i = 0; i < file.size(); i++) {
            if (file.get(i).contains("${NVR_PASSWORD}") && !file.get(i).strip().startsWith("#")) {
                lines.add(i + 1);
            }
        }
        assertThat(lines).hasSize(2);
        assertThatThrownBy(() -> ConfigLoader.load(CONF.resolve("reference.yaml"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("users[0].password (line " + lines.get(0) + "): undefined variable ${NVR_PASSWORD} (set NVR_PASSWORD in the environment)\n"
                        + "cameras[1].source.onvif.password (line " + lines.get(1) + "): undefined variable ${NVR_PASSWORD} (set NVR_PASSWORD in the environment)");
    }

    @Test
    void minimalExampleLoads() throws Exception {
        GatewayConfig c = ConfigLoader.load(CONF.resolve("example-minimal.yaml"), Map.of("NVR_PASSWORD", "pw"));
        assertThat(c.cameras()).hasSize(1);
        assertThat(c.users()).hasSize(1);
        assertThat(c.user("nvr").orElseThrow().mayView("entrance")).isTrue();
        assertThat(c.user("nvr").orElseThrow().mayView("other")).isFalse();
    }

    @Test
    void variablesAreSubstitutedInValuesOnly() throws Exception {
        GatewayConfig c = ConfigLoader.parse("""
                site: ${SITE}
                rtsp:
                  listen: ${HOST}:${PORT}
                  sessionTimeout: ${TIMEOUT}
                users:
                  - {name: u, password: "pre-${PW}-$${LITERAL}", cameras: ["*"]}
                """, "t", Map.of("SITE", "lab-2", "HOST", "0.0.0.0", "PORT", "9554", "TIMEOUT", "2m", "PW", "x"));
        assertThat(c.site()).isEqualTo("lab-2");
        assertThat(c.rtsp().listen()).isEqualTo(new HostPort("0.0.0.0", 9554));
        assertThat(c.rtsp().sessionTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.users().get(0).password()).isEqualTo("pre-x-${LITERAL}");

        assertThatThrownBy(() -> ConfigLoader.parse("site: s\n${KEY}: 1\n", "t", Map.of("KEY", "rtsp")))
                .hasMessage("${KEY} (line 2): unknown key; expected one of: site, rtsp, onvif, mqtt, access, users, audit, status, cameras, sensors, log, reload, clips");
    }

    @Test
    void substitutedValuesAreValidatedToo() {
        assertThatThrownBy(() -> ConfigLoader.parse("site: s\nrtsp: {listen: \"${L}\"}\n", "t", Map.of("L", "nowhere")))
                .hasMessage("rtsp.listen (line 2): invalid address \"nowhere\": no port (expected host:port, e.g. 127.0.0.1:8554, [::1]:8554 or localhost:8554)");
    }

    @Test
    void rtspSourceCredentialsAreDecodedAndRemovedFromTheUri() throws Exception {
        GatewayConfig c = parse("""
                site: s
                cameras:
                  - id: a
                    purpose: p
                    source: rtsps://us%3Aer:p%40ss%2Fw%C3%B6rd+@[2001:db8::7]:322/live?channel=1
                  - id: b
                    purpose: p
                    source: { rtsp: { url: "rtsp://192.0.2.1/s", username: viewer, password: "${NVR_PASSWORD}" } }
                  - id: c
                    purpose: p
                    source: rtsp://192.0.2.1
                """);
        assertThat(c.cameras().get(0).source()).isEqualTo(
                new SourceConfig.Rtsp(URI.create("rtsps://[2001:db8::7]:322/live?channel=1"), "us:er", "p@ss/wörd+"));
        assertThat(c.cameras().get(1).source()).isEqualTo(
                new SourceConfig.Rtsp(URI.create("rtsp://192.0.2.1/s"), "viewer", "s3cret"));
        SourceConfig none = c.cameras().get(2).source();
        assertThat(none).isEqualTo(new SourceConfig.Rtsp(URI.create("rtsp://192.0.2.1"), "", ""));
        assertThat(none.hasCredentials()).isFalse();
    }

    @Test
    void onvifSourceAndCameraOptions() throws Exception {
        GatewayConfig c = parse("""
                site: s
                sensors:
                  - {id: t1, type: thermal, input: "udp://127.0.0.1:9103"}
                cameras:
                  - id: yard
                    purpose: Detect intrusion
                    source:
                      onvif: {url: "https://192.0.2.5/onvif/device_service", username: admin, password: pw, profile: Profile_2}
                    audio: keep
                    transport: udp
                    gate: {mode: motion, triggers: [camera-motion, sensor:t1, sensor:t1/gate-2], postRoll: 500ms}
                    access: {deny: [192.0.2.0/24]}
                """);
        CameraConfig yard = c.camera("yard").orElseThrow();
        assertThat(yard.source()).isEqualTo(new SourceConfig.Onvif(URI.create("https://192.0.2.5/onvif/device_service"), "admin", "pw", "Profile_2"));
        assertThat(yard.audio()).isEqualTo(AudioPolicy.KEEP);
        assertThat(yard.transport()).isEqualTo(UpstreamTransport.UDP);
        assertThat(yard.gate().mode()).isEqualTo(GateMode.MOTION);
        assertThat(yard.gate().triggers()).containsExactly("camera-motion", "sensor:t1", "sensor:t1/gate-2");
        assertThat(yard.gate().postRoll()).isEqualTo(Duration.ofMillis(500));
        AccessConfig access = yard.access().orElseThrow();
        assertThat(access.allow()).isEqualTo(AccessConfig.everywhere().allow());
        assertThat(access.permits(InetAddress.getByName("198.51.100.1"))).isTrue();
        assertThat(access.permits(InetAddress.getByName("192.0.2.9"))).isFalse();
    }

    @Test
    void allowBasicIsOffUnlessACameraSaysSo() throws Exception {
        GatewayConfig c = parse("""
                site: s
                cameras:
                  - {id: old, purpose: p, source: "rtsp://u:p@192.0.2.1/s", allowBasic: true}
                  - {id: new, purpose: p, source: "rtsp://u:p@192.0.2.2/s"}
                  - {id: explicit, purpose: p, source: "rtsp://u:p@192.0.2.3/s", allowBasic: false}
                """);
        assertThat(c.camera("old").orElseThrow().allowBasic()).isTrue();
        assertThat(c.camera("new").orElseThrow().allowBasic()).isFalse();
        assertThat(c.camera("explicit").orElseThrow().allowBasic()).isFalse();
    }

    @Test
    void camerasAreConnectedFromStartUnlessOnDemandAndLoseTheirSignalAfterFiveSecondsByDefault() throws Exception {
        GatewayConfig c = parse("""
                site: s
                cameras:
                  - {id: live, purpose: p, source: "rtsp://192.0.2.1/s"}
                  - {id: lazy, purpose: p, source: "rtsp://192.0.2.2/s", onDemand: true, signalLossAfter: 1500ms}
                """);
        assertThat(c.camera("live").orElseThrow().onDemand()).isFalse();
        assertThat(c.camera("live").orElseThrow().signalLossAfter()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(c.camera("lazy").orElseThrow().onDemand()).isTrue();
        assertThat(c.camera("lazy").orElseThrow().signalLossAfter()).isEqualTo(java.time.Duration.ofMillis(1500));
    }

    @Test
    void accessDenyWins() throws Exception {
        AccessConfig a = parse("site: s\naccess: {allow: [10.0.0.0/8, \"::/0\"], deny: [10.9.0.0/16]}\n").access();
        assertThat(a.permits(InetAddress.getByName("10.1.1.1"))).isTrue();
        assertThat(a.permits(InetAddress.getByName("10.9.1.1"))).isFalse();
        assertThat(a.permits(InetAddress.getByName("192.0.2.1"))).isFalse();
        assertThat(a.permits(InetAddress.getByName("2001:db8::1"))).isTrue();
    }

    @Test
    void passwordsNeverAppearInProblemsOrToString() throws Exception {
        String yaml = """
                site: s
                users:
                  - {name: u, password: Hunter2pw, cameras: [missing]}
                cameras:
                  - id: a
                    source: rtsp://u:Hunter2pw@192.0.2.1/s
                  - id: b
                    purpose: p
                    source: ftp://u:Hunter2pw@192.0.2.1/s
                  - id: c
                    purpose: p
                    source: rtsp://u:Hunter2pw@@192.0.2.1/s
                  - id: d
                    purpose: p
                    source: "rtsp://u:Hunter2pw@192.0.2.1/ s"
                """;
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(5))
                .message().doesNotContain("Hunter2pw");
        GatewayConfig c = parse("site: s\nusers: [{name: u, password: Hunter2pw, cameras: [a]}]\n"
                + "cameras: [{id: a, purpose: p, source: \"rtsp://u:Hunter2pw@h/\"}]\n");
        assertThat(c.toString()).doesNotContain("Hunter2pw").contains("password=***");
    }

    @Test
    void problemsCarryPathLineAndMessage() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> parse("site: s\ncameras:\n  - id: a\n    source: rtsp://h/\n"));
        assertThat(e.problems()).containsExactly(new ConfigProblem("cameras[0].purpose", 3,
                "required: say what this camera is for, e.g. \"Prevent theft at the main entrance\""));
        assertThat(e.sourceName()).isEqualTo("test.yaml");
    }

    @Test
    void recordsAreImmutable() throws Exception {
        GatewayConfig c = parse("site: s\nusers: [{name: u, password: p, cameras: [\"*\"]}]\n");
        assertThatThrownBy(() -> c.users().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.users().get(0).cameras().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.access().allow().clear()).isInstanceOf(UnsupportedOperationException.class);
        List<String> triggers = new ArrayList<>(List.of("manual"));
        GateConfig gate = new GateConfig(GateMode.TRIGGERS, triggers, Duration.ZERO, Duration.ZERO);
        triggers.add("motion");
        assertThat(gate.triggers()).containsExactly("manual");
        assertThat(Optional.empty()).isEmpty();
    }

    @Test
    void missingFile(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot read " + file + ": no such file");
    }

    @Test
    void fileOverOneMegabyteIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, "site: s\n#" + "x".repeat(ConfigLoader.MAX_BYTES) + "\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("file is too large: 1048586 bytes (expected: at most 1048576)");
        assertThatThrownBy(() -> ConfigLoader.parse("#" + "x".repeat(ConfigLoader.MAX_BYTES), "t", Map.of()))
                .hasMessage("file is too large: 1048577 characters (expected: at most 1048576)");
    }

    @Test
    void aFewAliasesAreFine() throws Exception {
        GatewayConfig c = parse("""
                site: s
                cameras:
                  - id: a
                    purpose: p
                    source: rtsp://h/a
                    gate: &gate {mode: motion, postRoll: 10s}
                  - id: b
                    purpose: p
                    source: rtsp://h/b
                    gate: *gate
                """);
        assertThat(c.cameras().get(1).gate()).isEqualTo(c.cameras().get(0).gate());
    }
}
