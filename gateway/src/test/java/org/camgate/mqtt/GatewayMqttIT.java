package org.camgate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.camgate.Gateway;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MQTT as part of the gateway's lifecycle. */
class GatewayMqttIT {
    @TempDir
    Path dir;

    private GatewayConfig config(String listen) throws Exception {
        return ConfigLoader.parse("""
                site: lab-1
                rtsp:
                  listen: 127.0.0.1:0
                  udp: { enabled: true, rtpPort: 0, rtcpPort: 0 }
                audit:
                  file: "${AUDIT}"
                onvif:
                  listen: 127.0.0.1:0
                mqtt:
                  embedded: { listen: "%s", users: [{ name: alarm, password: alarm-pw }] }
                  outbox: { dir: "${OUTBOX}" }
                """.formatted(listen), "test.yaml", Map.of("AUDIT", dir.resolve("audit.log").toString(),
                "OUTBOX", dir.resolve("outbox").toString()));
    }

    @Test
    void eventsOnTheGatewaysBusArriveAtASubscriberOfItsEmbeddedBroker() throws Exception {
        Gateway gateway = new Gateway(config("127.0.0.1:0"));
        gateway.start();
        try (TestSubscriber sub = new TestSubscriber(gateway.mqtt().embeddedUri(), "sub", "camgate/#", "alarm",
                "alarm-pw", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.mqtt().publisher().isConnected());
            gateway.events().publish(new Event("g-1", Instant.now(), "lab-1", EventSource.camera("entrance"), "gate",
                    EventState.START, null, Map.of()));
            await().atMost(Duration.ofSeconds(10)).until(() -> sub.eventIds.contains("g-1"));
            assertThat(gateway.metrics().scrape()).contains("camgate_mqtt_outbox_messages");
        } finally {
            gateway.stop();
        }
    }

    @Test
    void anEmbeddedBrokerThatCannotBindIsAClearErrorNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            MqttService mqtt = TestAccess.mqttService(config(listen), new EventBus(), new SimpleMeterRegistry(),
                    Clock.systemUTC());
            assertThatThrownBy(mqtt::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot listen on " + listen + " (mqtt.embedded.listen): ");
            Gateway gateway = new Gateway(config(listen));
            assertThatThrownBy(gateway::start).hasMessageContaining(listen);
        }
    }
}
