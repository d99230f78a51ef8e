package org.camgate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's MQTT side against its embedded broker, with real Paho subscribers. */
class MqttEmbeddedIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @TempDir
    Path dir;

    private GatewayConfig config(String extra) throws Exception {
        return ConfigLoader.parse("""
                site: lab-1
                mqtt:
                  broker: embedded
                  embedded:
                    listen: 127.0.0.1:0
                    users:
                      - { name: alarm-centre, password: "${ALARM}" }
                      - { name: viewer, password: viewer-pw }
                  topicPrefix: camgate
                  commandIdentities: [alarm-centre]
                  reconnect: { min: 100ms, max: 500ms }
                  outbox: { dir: "${OUTBOX}" }
                """ + extra + """
                users:
                  - { name: alarm-centre, password: rtsp-pw, cameras: [entrance] }
                cameras:
                  - id: entrance
                    purpose: test
                    source: rtsp://127.0.0.1:1/stream
                """, "test.yaml", Map.of("OUTBOX", dir.resolve("outbox").toString(), "ALARM", "s3cret"));
    }

    @Test
    void eventsArriveWithTheContractPayloadStateAndAvailability() throws Exception {
        EventBus bus = new EventBus();
        MqttService mqtt = TestAccess.mqttService(config("  homeAssistant: { enabled: true }\n  profileM: true\n"), bus, new SimpleMeterRegistry(), Clock.systemUTC());
        mqtt.start();
        try (TestSubscriber sub = new TestSubscriber(mqtt.embeddedUri(), "sub-1", "#", "viewer", "viewer-pw", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> mqtt.publisher().isConnected());
            Event e = new Event("ev-1", Instant.parse("2026-03-01T10:15:30.250Z"), "lab-1",
                    EventSource.sensor("radar-1", "radar"), "intrusion", EventState.START, "gate-a",
                    Map.of("speed", 1.5, "distance", 12));
            bus.publish(e);
            String topic = "camgate/lab-1/sensor/radar-1/intrusion";
            await().atMost(Duration.ofSeconds(10)).until(() -> !sub.on(topic).isEmpty());
            JsonNode json = MAPPER.readTree(sub.on(topic).get(0).payload());
            assertThat(json.toString()).isEqualTo("{\"id\":\"ev-1\",\"time\":\"2026-03-01T10:15:30.250Z\","
                    + "\"site\":\"lab-1\",\"source\":{\"kind\":\"sensor\",\"id\":\"radar-1\",\"type\":\"radar\"},"
                    + "\"event\":\"intrusion\",\"state\":\"start\",\"zone\":\"gate-a\","
                    + "\"data\":{\"distance\":12,\"speed\":1.5}}");
            assertThat(sub.on(topic).get(0).retained()).isFalse();
            String state = "camgate/lab-1/sensor/radar-1/state/intrusion/gate-a";
            await().atMost(Duration.ofSeconds(10)).until(() -> !sub.on(state).isEmpty());
            assertThat(sub.on(state).get(0).text()).isEqualTo(sub.on(topic).get(0).text());
            await().atMost(Duration.ofSeconds(10)).until(() -> !sub.on("camgate/lab-1/gateway/status").isEmpty());
            assertThat(sub.on("camgate/lab-1/gateway/status").get(0).text()).isEqualTo("online");
            // Home Assistant discovery and Profile M outputs.
            String ha = "homeassistant/binary_sensor/camgate_lab-1/sensor_radar-1_intrusion_gate-a/config";
            await().atMost(Duration.ofSeconds(10)).until(() -> !sub.on(ha).isEmpty());
            JsonNode haConfig = MAPPER.readTree(sub.on(ha).get(0).payload());
            assertThat(haConfig.get("device_class").asText()).isEqualTo("motion");
            assertThat(haConfig.get("state_topic").asText()).isEqualTo(state);
            assertThat(haConfig.get("availability_topic").asText()).isEqualTo("camgate/lab-1/gateway/status");
            String pm = "camgate/onvif-ej/RuleEngine/FieldDetector/ObjectsInside/lab-1/sensor/radar-1/gate-a";
            await().atMost(Duration.ofSeconds(10)).until(() -> !sub.on(pm).isEmpty());
            JsonNode pmBody = MAPPER.readTree(sub.on(pm).get(0).payload());
            assertThat(pmBody.get("Data").get("IsInside").asBoolean()).isTrue();
            assertThat(pmBody.get("PropertyOperation").asText()).isEqualTo("Changed");

            // A late subscriber gets the retained state and availability at once.
            try (TestSubscriber late = new TestSubscriber(mqtt.embeddedUri(), "sub-2", "camgate/lab-1/#", "viewer",
                    "viewer-pw", null)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !late.on(state).isEmpty()
                        && !late.on("camgate/lab-1/gateway/status").isEmpty());
                assertThat(late.on(state).get(0).retained()).isTrue();
            }
        } finally {
            mqtt.close();
        }
    }

    @Test
    void commandsFromAConfiguredIdentityBecomeManualEventsAndOthersAreRefused() throws Exception {
        EventBus bus = new EventBus();
        List<Event> manual = new CopyOnWriteArrayList<>();
        bus.subscribe(e -> {
            if (e.event().equals("manual")) {
                manual.add(e);
            }
        });
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        MqttService mqtt = TestAccess.mqttService(config(""), bus, metrics, Clock.systemUTC());
        mqtt.start();
        try (TestSubscriber alarm = new TestSubscriber(mqtt.embeddedUri(), "alarm", "camgate/#", "alarm-centre",
                "s3cret", null);
             TestSubscriber viewer = new TestSubscriber(mqtt.embeddedUri(), "viewer", "camgate/#", "viewer",
                     "viewer-pw", null);
             TestSubscriber anonymous = new TestSubscriber(mqtt.embeddedUri(), "anon", null, null, null, null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> mqtt.publisher().isConnected());
            String command = "camgate/lab-1/camera/entrance/command";
            assertThat(alarm.publish(command, "{\"command\":\"open\",\"by\":\"alarm-centre\"}")).isLessThan(0x80);
            await().atMost(Duration.ofSeconds(10)).until(() -> manual.size() == 1);
            assertThat(manual.get(0).state()).isEqualTo(EventState.START);
            assertThat(manual.get(0).source()).isEqualTo(EventSource.camera("entrance"));
            // ... and the manual event is itself published.
            await().atMost(Duration.ofSeconds(10)).until(() -> !alarm.on("camgate/lab-1/camera/entrance/manual").isEmpty());

            // Bad payload: dropped and counted.
            alarm.publish(command, "{\"command\":\"explode\",\"by\":\"alarm-centre\"}");
            alarm.publish(command, "not json");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    metrics.get("camgate.mqtt.commands").tag("result", "rejected").counter().count() == 2);
            // An unknown camera: the access policy refuses it at the broker (which then disconnects the client).
            assertThat(alarm.publish("camgate/lab-1/camera/nope/command",
                    "{\"command\":\"open\",\"by\":\"alarm-centre\"}")).isGreaterThanOrEqualTo(0x80);

            // Not a command identity, or anonymous: the broker refuses the publish (HiveMQ answers a refused
            // publish by disconnecting the client), and nothing reaches the gateway.
            assertThat(viewer.publish(command, "{\"command\":\"open\",\"by\":\"alarm-centre\"}")).isGreaterThanOrEqualTo(0x80);
            assertThat(anonymous.publish(command, "{\"command\":\"open\",\"by\":\"alarm-centre\"}")).isGreaterThanOrEqualTo(0x80);
            try (TestSubscriber anon2 = new TestSubscriber(mqtt.embeddedUri(), "anon2", null, null, null, null)) {
                assertThat(anon2.publish("camgate/lab-1/sensor/radar-1/intrusion", "{}")).isGreaterThanOrEqualTo(0x80);
            }
            try (TestSubscriber anon3 = new TestSubscriber(mqtt.embeddedUri(), "anon3", null, null, null, null)) {
                assertThat(anon3.publish("sensors/radar-1", "{}")).isLessThan(0x80); // outside the gateway's tree
            }
            Thread.sleep(300);
            assertThat(manual).hasSize(1);
            assertThat(metrics.get("camgate.mqtt.commands").tag("result", "rejected").counter().count()).isEqualTo(2);

            await().atMost(Duration.ofSeconds(10)).until(alarm::isConnected);
            alarm.publish(command, "{\"command\":\"close\",\"by\":\"alarm-centre\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> manual.size() == 2);
            assertThat(manual.get(1).state()).isEqualTo(EventState.END);
        } finally {
            mqtt.close();
        }
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        MqttService mqtt = TestAccess.mqttService(config(""), new EventBus(), new SimpleMeterRegistry(), Clock.systemUTC());
        mqtt.start();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    new TestSubscriber(mqtt.embeddedUri(), "x", "#", "alarm-centre", "wrong", null).close())
                    .isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class);
        } finally {
            mqtt.close();
        }
    }
}
