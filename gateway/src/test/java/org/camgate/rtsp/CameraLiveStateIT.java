package org.camgate.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live camera state end to end: a simulated camera connected from start without any reader, stopped and started
 * again, seen in {@code /status} (connecting, playing, down, playing), as {@code signal-loss} start/end on the embedded
 * MQTT broker (Paho subscriber; retained state), in {@code /health} and {@code /metrics}; a camera at a wrong URL is
 * down with its error though nobody reads it; a camera that accepts but never answers is connecting meanwhile.
 */
@ExtendWith(NettyLeakCheck.class)
class CameraLiveStateIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private ServerSocket silent;
    private final List<Socket> silentClients = new CopyOnWriteArrayList<>();
    private GatewayFixture fixture;
    private MqttClient mqtt;
    private final Queue<String[]> received = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws Exception {
        silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread accepting = new Thread(() -> {
            try {
                while (true) {
                    silentClients.add(silent.accept()); // accepted, never answered
                }
            } catch (java.io.IOException closed) {
                // test over
            }
        }, "silent-camera");
        accepting.setDaemon(true);
        accepting.start();
        String yaml = """
                site: lab
                rtsp:
                  listen: 127.0.0.1:0
                  udp: { enabled: false }
                  upstreamTimeout: 30s              # the silent camera stays connecting throughout
                  reconnectMin: 200ms
                  reconnectMax: 500ms
                onvif: { listen: 127.0.0.1:0 }
                status: { listen: 127.0.0.1:0 }
                audit: { file: "${AUDIT}" }
                mqtt:
                  broker: embedded
                  embedded:
                    listen: 127.0.0.1:0
                    users: [ { name: alarm-centre, password: alarm-pw } ]
                  outbox: { dir: "${OUTBOX}" }
                users:
                  - { name: nvr, password: secret, cameras: ["*"] }
                cameras:
                  - id: door
                    purpose: Prevent theft at the door
                    source: ${CAMERA}/door
                    signalLossAfter: 1s
                  - id: wrong
                    purpose: A camera whose URL nobody answers
                    source: rtsp://127.0.0.1:1/nothing
                  - id: silent
                    purpose: A camera that accepts and never answers
                    source: rtsp://127.0.0.1:%d/stream
                  - id: lobby
                    purpose: Watched only when someone asks
                    source: ${CAMERA}/door
                    onDemand: true
                """.formatted(silent.getLocalPort());
        fixture = new GatewayFixture(dir, List.of(SimCameraConfig.of("door")), yaml);
        mqtt = new MqttClient(fixture.gateway.mqtt().embeddedUri(), "live-state-test", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName("alarm-centre");
        options.setPassword("alarm-pw".getBytes(StandardCharsets.UTF_8));
        mqtt.connect(options);
        subscribe("camgate/lab/camera/+/signal-loss", (topic, m) -> received.add(
                new String[] {topic, new String(m.getPayload(), StandardCharsets.UTF_8)}));
    }

    /** Paho 5's subscribe(String, int, listener) calls itself for ever: the array form works. */
    private void subscribe(String filter, IMqttMessageListener listener) throws Exception {
        mqtt.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, new IMqttMessageListener[] {listener});
    }

    @AfterEach
    void stop() throws Exception {
        if (mqtt != null && mqtt.isConnected()) {
            mqtt.disconnect();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        silent.close();
        for (Socket s : silentClients) {
            s.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        int port = fixture.gateway.statusAddress().orElseThrow().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode camera(String id) throws Exception {
        for (JsonNode c : JSON.readTree(get("/status").body()).get("cameras")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no camera " + id + " in /status");
    }

    private List<JsonNode> signalLoss(String camera) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String[] m : received) {
            if (m[0].equals("camgate/lab/camera/" + camera + "/signal-loss")) {
                out.add(JSON.readTree(m[1]));
            }
        }
        return out;
    }

    @Test
    void aCameraStoppedAndStartedAgainGoesDownAndBackWithSignalLossStartAndEnd() throws Exception {
        // Without any reader: connected from start; the silent one is still trying, the wrong one is down.
        JsonNode first = camera("silent");
        assertThat(first.get("state").asText()).isEqualTo("connecting");
        assertThat(first.get("lastError").isNull()).isTrue();
        assertThat(camera("lobby").get("state").asText()).as("on demand: nobody reads it").isEqualTo("idle");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(camera("door").get("state").asText()).isEqualTo("playing");
            JsonNode wrong = camera("wrong");
            assertThat(wrong.get("state").asText()).isEqualTo("down");
            assertThat(wrong.get("lastError").asText()).contains("refused");
        });
        JsonNode playing = camera("door");
        assertThat(playing.get("lastError").isNull()).isTrue();
        assertThat(playing.get("signalLoss").asBoolean()).isFalse();
        assertThat(playing.get("readers").asInt()).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(camera("door").get("bitrate").asLong()).as("bits/s from the camera").isPositive());
        assertThat(camera("wrong").get("bitrate").asLong()).isZero();

        List<String> states = new CopyOnWriteArrayList<>(List.of("playing"));
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    String s = camera("door").get("state").asText();
                    if (!s.equals(states.get(states.size() - 1))) {
                        states.add(s);
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // next sample
                }
            }
        }, "status-sampler");
        sampler.start();
        try {
            fixture.cameras.stop();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode down = camera("door");
                assertThat(down.get("state").asText()).isEqualTo("down");
                assertThat(down.get("lastError").asText()).isNotBlank();
                assertThat(down.get("signalLoss").asBoolean()).isTrue();
                assertThat(signalLoss("door")).singleElement().satisfies(e -> {
                    assertThat(e.get("state").asText()).isEqualTo("start");
                    assertThat(e.get("event").asText()).isEqualTo("signal-loss");
                    assertThat(e.get("source").get("id").asText()).isEqualTo("door");
                });
            });
            Thread.sleep(1000); // a few failed reconnects: still down
            assertThat(camera("door").get("state").asText()).isEqualTo("down");
            fixture.cameras.start();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(camera("door").get("state").asText()).isEqualTo("playing");
                assertThat(signalLoss("door")).hasSize(2);
            });
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        assertThat(states).containsExactly("playing", "down", "playing");
        assertThat(signalLoss("door").get(1).get("state").asText()).isEqualTo("end");
        assertThat(camera("door").get("signalLoss").asBoolean()).isFalse();
        assertThat(signalLoss("wrong")).as("a camera that never played has no signal to lose").isEmpty();

        // The state topic keeps the last one for whoever subscribes later.
        List<MqttMessage> retained = new CopyOnWriteArrayList<>();
        subscribe("camgate/lab/camera/door/state/signal-loss", (t, m) -> retained.add(m));
        await().atMost(Duration.ofSeconds(10)).until(() -> !retained.isEmpty());
        assertThat(retained.get(0).isRetained()).isTrue();
        assertThat(JSON.readTree(retained.get(0).getPayload()).get("state").asText()).isEqualTo("end");
    }

    @Test
    void healthReportsEveryComponentAndMetricsCarryTheSeries() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(camera("door").get("state").asText()).isEqualTo("playing");
            assertThat(camera("wrong").get("state").asText()).isEqualTo("down");
            assertThat(fixture.gateway.mqtt().publisher().isConnected()).isTrue();
        });
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).as("a down camera is reported, not a down gateway: " + health.body())
                .isEqualTo(200);
        JsonNode h = JSON.readTree(health.body());
        assertThat(h.get("status").asText()).isEqualTo("up");
        JsonNode parts = h.get("components");
        assertThat(parts.fieldNames()).toIterable().containsExactly("cameras", "mqtt", "onvif", "rtsp", "sensors");
        assertThat(parts.get("rtsp").get("status").asText()).isEqualTo("up");
        assertThat(parts.get("onvif").get("status").asText()).isEqualTo("up");
        assertThat(parts.get("mqtt").get("status").asText()).isEqualTo("up");
        assertThat(parts.get("sensors").get("status").asText()).isEqualTo("up");
        JsonNode cameras = parts.get("cameras");
        assertThat(cameras.get("status").asText()).isEqualTo("degraded");
        assertThat(cameras.get("downCameras").toString()).contains("wrong");
        assertThat(cameras.get("playing").asInt()).isEqualTo(1);
        assertThat(cameras.get("idle").asInt()).isEqualTo(1);

        // A reader, and a login that fails.
        try (FFmpegFrameGrabber grabber = RtspProxyIT.grabber(fixture.url("nvr", "secret", "door"), "tcp")) {
            grabber.start();
            assertThat(RtspProxyIT.decodeImages(grabber, 10)).isEqualTo(10);
            assertThat(camera("door").get("readers").asInt()).isEqualTo(1);
            String metrics = get("/metrics").body();
            assertThat(metrics).contains("camgate_camera_readers{camera=\"door\"} 1.0");
        }
        try (FFmpegFrameGrabber wrong = RtspProxyIT.grabber(fixture.url("nvr", "not-the-password", "door"), "tcp")) {
            wrong.start();
            throw new AssertionError("a wrong password must not play");
        } catch (FFmpegFrameGrabber.Exception expected) {
            // 401
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String metrics = get("/metrics").body();
            assertThat(metrics)
                    .contains("camgate_camera_state{camera=\"door\",state=\"playing\"} 1.0")
                    .contains("camgate_camera_state{camera=\"door\",state=\"down\"} 0.0")
                    .contains("camgate_camera_state{camera=\"wrong\",state=\"down\"} 1.0")
                    .contains("camgate_camera_state{camera=\"lobby\",state=\"idle\"} 1.0")
                    .contains("camgate_camera_signal_lost{camera=\"door\"} 0.0")
                    .contains("camgate_camera_readers{camera=\"door\"} 0.0")
                    .containsPattern("camgate_camera_bytes_out_bytes_total\\{camera=\"door\"} [1-9]")
                    .containsPattern("camgate_camera_frames_in_total\\{camera=\"door\"} [1-9]")
                    .contains("camgate_camera_frames_dropped_total{camera=\"door\"}")
                    .containsPattern("camgate_camera_reconnects_total\\{camera=\"wrong\"} [1-9]")
                    .containsPattern("camgate_gate_open_seconds_total\\{camera=\"door\"} [0-9]")
                    .containsPattern("camgate_auth_failures_total\\{protocol=\"rtsp\"} [1-9]")
                    .contains("camgate_auth_failures_total{protocol=\"onvif\"} 0.0")
                    .contains("jvm_memory_used_bytes").contains("jvm_gc_").contains("jvm_threads_live_threads")
                    .contains("process_cpu_usage").contains("system_cpu_count").contains("process_uptime_seconds")
                    .contains("process_files_open_files");
        });

        // ONVIF requests are counted per operation (this one needs no login).
        String soap = """
                <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>
                <GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>""";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + fixture.gateway.onvifAddress().getPort() + "/onvif/device_service"))
                .header("Content-Type", "application/soap+xml").POST(HttpRequest.BodyPublishers.ofString(soap)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(get("/metrics").body()).containsPattern(
                "camgate_onvif_requests_total\\{operation=\"GetSystemDateAndTime\",service=\"[A-Za-z]+\"} 1.0");
    }
}
