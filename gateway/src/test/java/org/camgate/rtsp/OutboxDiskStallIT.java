package org.camgate.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.camgate.Gateway;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.testing.NettyLeakCheck;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stalled disk under the MQTT outbox (every write and fsync waits; {@code fsyncInterval: 0s}) while a camera's
 * gate opens: the gate's event is raised on the camera's event loop, yet video keeps reaching a reader and RTSP
 * requests keep being answered for the seconds the disk is stuck; once the disk recovers, the events raised
 * meanwhile reach an MQTT subscriber, in order. A correctness test: the stall lasts seconds, the reader's and the
 * requests' patience is one second each.
 */
@ExtendWith(NettyLeakCheck.class)
class OutboxDiskStallIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the reader and each RTSP request may wait, while the disk stalls for several times as long. */
    private static final int PATIENCE_MS = 1_000;

    @TempDir
    Path dir;

    @Test
    void videoAndRtspAnswersFlowWhileTheOutboxDiskStallsAndItsEventsArriveAfterwards() throws Exception {
        StallingFiles disk = new StallingFiles(30, TimeUnit.SECONDS);
        SimCameraServer cameras = new SimCameraServer("127.0.0.1", 0,
                List.of(SimCameraConfig.of("door").withSize(320, 180).withFps(25).withGopFrames(25)
                        .withBitrateKbps(300))).start();
        Gateway gateway = null;
        MqttAsyncClient sub = null;
        try {
            gateway = new Gateway(config(cameras.port()), Clock.systemUTC(), disk);
            gateway.start();
            Gateway gw = gateway;
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.mqtt().publisher().isConnected());
            List<JsonNode> received = new CopyOnWriteArrayList<>();
            sub = subscriber(gateway.mqtt().embeddedUri(), received);

            List<String> gateThreads = new CopyOnWriteArrayList<>();
            gateway.events().subscribe(e -> {
                if (e.event().equals("gate")) {
                    gateThreads.add(Thread.currentThread().getName());
                }
            });

            disk.stall();
            // An operator's trigger, published on a thread of its own as the MQTT command handler does: the gate
            // opens on the camera's loop and raises its gate event there.
            Event manual = Event.of(Instant.now(), "test", EventSource.camera("door"), "manual", EventState.START,
                    null, Map.of());
            Thread trigger = new Thread(() -> gw.events().publish(manual), "test-trigger");
            trigger.setDaemon(true);
            trigger.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> disk.waiting() > 0);

            String url = "rtsp://127.0.0.1:" + gateway.rtspAddress().getPort() + "/door";
            int packets = 0;
            long slowest = 0;
            try (RtspTestClient reader = new RtspTestClient(gateway.rtspAddress(), "nvr", "secret")) {
                reader.socket.setSoTimeout(PATIENCE_MS);
                assertThat(reader.request("DESCRIBE", url).status()).isEqualTo(200);
                RtspTestClient.Response setup = reader.request("SETUP", url + "/trackID=0",
                        "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
                assertThat(reader.request("PLAY", url, "Session", setup.session()).status()).isEqualTo(200);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                int round = 0;
                while (System.nanoTime() < until) {
                    try {
                        if (reader.readInterleaved().channel() == 0) {
                            packets++;
                        }
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("no video for " + PATIENCE_MS + " ms while the outbox's disk stalls"
                                + " (" + packets + " RTP packets before)", e);
                    }
                    if (packets > 0 && packets % 20 == 0 && round < 8) {
                        // Fresh connections land on every event loop in turn, the camera's among them.
                        slowest = Math.max(slowest, answerOptionsAndDescribe(gateway, url));
                        round++;
                    }
                }
            }
            assertThat(disk.waiting()).as("the disk was still stalled while video flowed").isPositive();
            assertThat(gateThreads).as("the gate event was raised on the camera's event loop")
                    .singleElement().asString().startsWith("rtsp-io");
            assertThat(packets).as("RTP packets read in 2 s while the disk stalled").isGreaterThan(25);

            disk.recover();
            await().atMost(Duration.ofSeconds(15)).until(() -> received.stream().anyMatch(
                    e -> e.path("event").asText().equals("gate") && e.path("state").asText().equals("start")));
            List<String> order = received.stream().filter(e -> e.path("source").path("id").asText().equals("door"))
                    .map(e -> e.path("event").asText() + "/" + e.path("state").asText()).toList();
            assertThat(order).as("events of one source in the order raised").startsWith("manual/start", "gate/start");
            assertThat(received.get(0).path("id").asText()).isEqualTo(manual.id());
            assertThat(disk.caught()).isPositive();
            assertThat(gateway.metrics().scrape()).contains("camgate_mqtt_events_failed_total{reason=\"queue-full\"} 0.0");
            System.out.printf("disk stalled for the whole check: %d RTP packets read, slowest OPTIONS+DESCRIBE %d ms, "
                    + "%d event deliveries over %d ms%n", packets, slowest, gateway.events().slowDeliveries(),
                    org.camgate.event.EventBus.SLOW_MILLIS);
        } finally {
            disk.recover();
            if (sub != null) {
                sub.disconnectForcibly(0, 1000, false);
                sub.close(true);
            }
            if (gateway != null) {
                gateway.stop();
            }
            cameras.stop();
        }
    }

    /** OPTIONS and DESCRIBE on a fresh connection, each within the patience; returns how long both took in ms. */
    private static long answerOptionsAndDescribe(Gateway gateway, String url) throws Exception {
        long start = System.nanoTime();
        try (RtspTestClient c = new RtspTestClient(gateway.rtspAddress(), "nvr", "secret")) {
            c.socket.setSoTimeout(PATIENCE_MS);
            assertThat(c.request("OPTIONS", url).status()).isEqualTo(200);
            assertThat(c.request("DESCRIBE", url).status()).isEqualTo(200);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private MqttAsyncClient subscriber(String uri, List<JsonNode> received) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(uri, "alarm-centre", new MemoryPersistence());
        client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message)
                    throws Exception {
                if (topic.startsWith("camgate/test/camera/") && !topic.contains("/state/")) {
                    received.add(JSON.readTree(message.getPayload()));
                }
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode,
                                          org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName("alarm");
        options.setPassword("alarm-pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription("camgate/#", 1)).waitForCompletion(10_000);
        return client;
    }

    private GatewayConfig config(int cameraPort) throws Exception {
        return ConfigLoader.parse("""
                site: test
                rtsp:
                  listen: 127.0.0.1:0
                  udp: { enabled: false }
                onvif:
                  listen: 127.0.0.1:0
                audit:
                  file: ${AUDIT}
                mqtt:
                  embedded: { listen: "127.0.0.1:0", users: [{ name: alarm, password: alarm-pw }] }
                  outbox: { dir: "${OUTBOX}", fsyncInterval: 0s }
                users:
                  - name: nvr
                    password: secret
                    cameras: ["*"]
                cameras:
                  - id: door
                    purpose: test
                    source: rtsp://127.0.0.1:%d/door
                    gate: { mode: triggers, triggers: [manual] }
                """.formatted(cameraPort), "test.yaml", Map.of("AUDIT", dir.resolve("audit.log").toString(),
                "OUTBOX", dir.resolve("outbox").toString()));
    }
}
