package org.camgate.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.camgate.common.net.HostPort;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.bytedeco.javacv.Frame;
import org.camgate.Gateway;
import org.camgate.config.ConfigLoader;
import org.camgate.event.Event;
import org.camgate.sim.site.SiteRunner;
import org.camgate.sim.site.SiteScenario;
import org.camgate.sim.site.SiteScenarioLoader;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole simulated site through the gateway: a person crosses the yard (seen by the yard camera and the radar),
 * the lobby camera reboots mid-run. The gateway's events follow the timeline and a reader of the lobby camera
 * gets video again after the reboot.
 */
@ExtendWith(NettyLeakCheck.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SiteEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            site: e2e
            listen: 127.0.0.1:0
            duration: 24s
            loop: false
            cameras:
              - path: yard
                width: 320
                height: 180
                fps: 10
                gop: 10
                view: [0, 0, 20, 11.25]
              - path: lobby
                width: 320
                height: 180
            sensors:
              - id: radar-1
                type: radar
                target: udp://127.0.0.1:1
                position: [0, 0]
            objects:
              - id: walker
                kind: person
                path:
                  - { at: 3s, x: -2, y: 5 }
                  - { at: 11s, x: 22, y: 5 }
            timeline:
              - at: 14s
                reboot: { camera: lobby, for: 2s }
            """;

    private static final String GATEWAY = """
            site: e2e
            rtsp:
              listen: 127.0.0.1:0
              udp: { enabled: false }
              reconnectMin: 200ms
              reconnectMax: 1s
            audit:
              file: ${DIR}/audit.log
            onvif:
              listen: 127.0.0.1:0
            mqtt:
              embedded: { listen: 127.0.0.1:0, anonymousRead: true }
              outbox: { dir: "${DIR}/outbox" }
            users:
              - name: nvr
                password: secret
                cameras: ["*"]
            cameras:
              - id: yard
                purpose: Intrusion detection in the school yard at night
                source: ${CAMERA}/yard
                gate:
                  mode: motion
                  preRoll: 1s
                  postRoll: 1s
                motion:
                  minArea: 0.001
              - id: lobby
                purpose: Safety in the lobby
                source: ${CAMERA}/lobby
            sensors:
              - id: radar-1
                type: radar
                input: udp://127.0.0.1:0
                hold: 1s
                zones:
                  - { id: yard, polygon: [[0, 0], [20, 0], [20, 10], [0, 10]] }
            """;

    @Test
    void eventsFollowTheTimelineAndAReaderSurvivesACameraReboot(@TempDir Path dir) throws Exception {
        SiteScenario scenario;
        SiteRunner site = null;
        Gateway gateway = null;
        List<Event> events = new CopyOnWriteArrayList<>();
        List<String> received = new CopyOnWriteArrayList<>();
        MqttClient mqtt = null;
        try {
            // The site's cameras listen on a free port the gateway's configuration names.
            int port = freePort();
            scenario = SiteScenarioLoader.parse(SITE.replace("listen: 127.0.0.1:0", "listen: 127.0.0.1:" + port), "e2e.yaml");
            gateway = new Gateway(ConfigLoader.parse(GATEWAY, "gateway.yaml",
                    Map.of("DIR", dir.toString(), "CAMERA", "rtsp://127.0.0.1:" + port)));
            gateway.events().subscribe(events::add);
            gateway.start();
            Gateway started = gateway;
            mqtt = subscribe(gateway.mqtt().embeddedUri(), "camgate/e2e/#", received);
            long t0 = System.nanoTime();
            site = new SiteRunner(scenario.withSensorTargets(id -> started.sensors().address(id))).start();
            double siteStart = (System.nanoTime() - t0) / 1e9; // encoding time before the timeline begins

            List<Double> lobbyFrames = new CopyOnWriteArrayList<>();
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread reader = readFrames("rtsp://nvr:secret@" + HostPort.format(gateway.rtspAddress()) + "/lobby",
                    lobbyFrames, reading, t0);
            await().atMost(Duration.ofSeconds(40)).until(() -> (System.nanoTime() - t0) / 1e9 > siteStart + 20);
            reading.set(false);
            reader.join(5000);

            List<String> timeline = new ArrayList<>();
            for (Event e : events) {
                if (!e.event().equals("statistics")) {
                    timeline.add(e.source().kind() + "/" + e.source().id() + "/" + e.event() + " " + e.state().wire());
                }
            }
            assertThat(timeline).containsSubsequence("sensor/radar-1/intrusion start", "sensor/radar-1/intrusion end");
            assertThat(timeline).containsSubsequence("camera/yard/motion start", "camera/yard/gate start",
                    "camera/yard/motion end", "camera/yard/gate end");
            assertThat(timeline).doesNotContain("sensor/radar-1/fault start");
            // The walker is in the radar's zone from 3.7 s to 10 s of the timeline (1 s tolerance, 1 s hold).
            double intrusionStart = secondsOf(events, "intrusion", "start", t0) - siteStart;
            assertThat(intrusionStart).isBetween(2.7, 5.0);
            double motionStart = secondsOf(events, "motion", "start", t0) - siteStart;
            assertThat(motionStart).isBetween(2.7, 6.5);

            // The lobby reader got video before the reboot (at 14 s) and again after the camera came back (16 s).
            // An alarm centre subscribed on MQTT saw the same events, in the same order, with the contract payload.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received).containsSubsequence(
                    "camgate/e2e/sensor/radar-1/intrusion start", "camgate/e2e/sensor/radar-1/intrusion end"));
            assertThat(received).containsSubsequence("camgate/e2e/camera/yard/motion start",
                    "camgate/e2e/camera/yard/gate start", "camgate/e2e/camera/yard/motion end",
                    "camgate/e2e/camera/yard/gate end");

            assertThat(lobbyFrames).anyMatch(t -> t - siteStart > 5 && t - siteStart < 13);
            assertThat(lobbyFrames).anyMatch(t -> t - siteStart > 17.5);
            // ... and none while it was down: a gap of at least a second around 14-16 s.
            double longestGap = 0;
            for (int i = 1; i < lobbyFrames.size(); i++) {
                double at = lobbyFrames.get(i) - siteStart;
                if (at > 13 && at < 19) {
                    longestGap = Math.max(longestGap, lobbyFrames.get(i) - lobbyFrames.get(i - 1));
                }
            }
            assertThat(longestGap).isGreaterThan(1.0);
        } finally {
            if (mqtt != null) {
                mqtt.disconnect();
                mqtt.close();
            }
            if (site != null) {
                site.stop();
            }
            if (gateway != null) {
                gateway.stop();
            }
        }
    }

    private static double secondsOf(List<Event> events, String name, String state, long t0) {
        Event e = events.stream().filter(x -> x.event().equals(name) && x.state().wire().equals(state)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " " + state));
        // Event times are wall-clock; convert to this test's monotonic base through the current offset.
        double nowMono = (System.nanoTime() - t0) / 1e9;
        double ageSeconds = (System.currentTimeMillis() - e.time().toEpochMilli()) / 1000.0;
        return nowMono - ageSeconds;
    }

    private static Thread readFrames(String url, List<Double> frames, AtomicBoolean reading, long t0) {
        Thread t = new Thread(() -> {
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url)) {
                grabber.setOption("rtsp_transport", "tcp");
                grabber.setOption("timeout", "15000000");
                grabber.start();
                while (reading.get()) {
                    Frame f = grabber.grabImage();
                    if (f == null) {
                        break;
                    }
                    frames.add((System.nanoTime() - t0) / 1e9);
                }
            } catch (Exception e) {
                // what was read so far is asserted on
            }
        }, "lobby-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A Paho MQTT 5 subscriber recording "topic state" for every event message (retained state topics skipped). */
    private static MqttClient subscribe(String uri, String filter, List<String> received) throws MqttException {
        MqttClient client = new MqttClient(uri, "e2e-alarm-centre", new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                if (topic.endsWith("/state") || topic.endsWith("/status")) {
                    return;
                }
                JsonNode json = JSON.readTree(message.getPayload());
                received.add(topic + " " + json.path("state").asText());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        client.connect(new MqttConnectionOptions());
        client.subscribe(filter, 1);
        return client;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
