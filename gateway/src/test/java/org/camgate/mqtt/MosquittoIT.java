package org.camgate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher against a real Mosquitto: broker killed (-9) and restarted, gateway restarted, TLS with a login. */
class MosquittoIT {
    private static final int EVENTS = 10_000;
    @TempDir
    Path dir;

    private GatewayConfig config(String broker, String extra) throws Exception {
        return ConfigLoader.parse("""
                site: lab-1
                mqtt:
                  broker: %s
                  reconnect: { min: 100ms, max: 500ms }
                  outbox: { dir: "${OUTBOX}" }
                %s
                """.formatted(broker, extra), "test.yaml", Map.of("OUTBOX", dir.resolve("outbox").toString(),
                "MQTT_PASSWORD", "gw-pass"));
    }

    static Event numbered(int n) {
        return new Event("ev-" + n, Instant.now(), "lab-1", EventSource.sensor("radar-1", "radar"), "intrusion",
                n % 2 == 0 ? EventState.START : EventState.END, "z1", Map.of("n", n));
    }

    private static Set<String> allIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
            ids.add("ev-" + i);
        }
        return ids;
    }

    @Test
    void everyEventArrivesAcrossABrokerKilledAndRestarted() throws Exception {
        // Mosquitto's defaults for in-flight messages (20, also its receive maximum).
        try (MosquittoProcess broker = new MosquittoProcess(dir, "allow_anonymous true", "", true, 20).start()) {
            try (TestSubscriber sub = new TestSubscriber(broker.uri("tcp"), "alarm-centre",
                    "camgate/lab-1/sensor/+/intrusion", null, null, null)) {
                Thread.sleep(1_500); // the broker saves the subscriber's session (autosave every second)
                EventBus bus = new EventBus();
                MqttService mqtt = TestAccess.mqttService(config(broker.uri("tcp"), ""), bus, new SimpleMeterRegistry(),
                        Clock.systemUTC());
                mqtt.start();
                java.util.concurrent.atomic.AtomicInteger brokerHas = new java.util.concurrent.atomic.AtomicInteger();
                mqtt.publisher().ackObserver((m, nanos) -> {
                    if (!m.retained()) {
                        brokerHas.incrementAndGet();
                    }
                });
                try {
                    // Alarms at a steady 2,000 events/s; the broker is killed at event 3,000 and comes back at event
                    // 5,000 (2,000 events accepted meanwhile, the first of them sent into the dying connection).
                    // QoS 1 ends at the broker: what Mosquitto acknowledged but had not yet written to the
                    // subscriber dies with it (its queues are in memory), which is no fault of the gateway's; so
                    // the kill comes once everything sent so far is acknowledged and at the subscriber (at most
                    // 10 s of waiting). Waiting only for the subscriber to catch up with the acknowledgements left
                    // a race: one more acknowledgement could arrive between that check and the kill.
                    for (int i = 0; i < EVENTS; i++) {
                        bus.publish(numbered(i));
                        if (i == 3_000) {
                            long until = System.nanoTime() + 10_000_000_000L;
                            while ((mqtt.publisher().pending() > 0 || sub.eventIds.size() < brokerHas.get())
                                    && System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                            broker.kill9();
                        } else if (i == 5_000) {
                            assertThat(mqtt.publisher().pending()).isGreaterThan(2 * 1_900);
                            broker.start();
                        }
                        if (i % 20 == 19) {
                            Thread.sleep(10);
                        }
                    }
                    awaitAll(sub, mqtt);
                    await().atMost(Duration.ofSeconds(10)).until(() -> mqtt.publisher().pending() == 0);
                } finally {
                    mqtt.close();
                }
            }
        }
    }

    /** Waits for every numbered event at the subscriber; on timeout says how many and which are missing. */
    private static void awaitAll(TestSubscriber sub, MqttService mqtt) {
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> sub.eventIds.size() == EVENTS);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Set<String> missing = allIds();
            missing.removeAll(sub.eventIds);
            throw new AssertionError(missing.size() + " event(s) never arrived (" + mqtt.publisher().pending()
                    + " pending in the outbox), e.g. " + missing.stream().sorted().limit(20).toList(), e);
        }
        assertThat(sub.eventIds).isEqualTo(allIds());
    }

    @Test
    void everyEventArrivesAcrossAGatewayStoppedAndRestarted() throws Exception {
        try (MosquittoProcess broker = new MosquittoProcess(dir, "allow_anonymous true", "").start();
             TestSubscriber sub = new TestSubscriber(broker.uri("tcp"), "alarm-centre",
                     "camgate/lab-1/sensor/+/intrusion", null, null, null)) {
            EventBus bus = new EventBus();
            MqttService first = TestAccess.mqttService(config(broker.uri("tcp"), ""), bus, new SimpleMeterRegistry(),
                    Clock.systemUTC());
            first.start();
            for (int i = 0; i < EVENTS; i++) {
                bus.publish(numbered(i));
            }
            int pendingAtStop = first.publisher().pending();
            first.close();
            assertThat(pendingAtStop).as("messages still pending when the gateway stopped").isPositive();
            assertThat(sub.eventIds.size()).isLessThan(EVENTS);

            MqttService second = TestAccess.mqttService(config(broker.uri("tcp"), ""), new EventBus(),
                    new SimpleMeterRegistry(), Clock.systemUTC());
            second.start(); // replays the outbox
            try {
                awaitAll(sub, second);
            } finally {
                second.close();
            }
        }
    }

    @Test
    void everyAcceptedEventArrivesAcrossAGatewayKilledAndRestarted() throws Exception {
        try (MosquittoProcess broker = new MosquittoProcess(dir, "allow_anonymous true", "").start();
             TestSubscriber sub = new TestSubscriber(broker.uri("tcp"), "alarm-centre",
                     "camgate/lab-1/sensor/+/intrusion", null, null, null)) {
            Path outbox = dir.resolve("outbox");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), GatewayCrashChild.class.getName(),
                    broker.uri("tcp"), outbox.toString(), String.valueOf(EVENTS))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int accepted = -1;
            try (java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("accepted ")) {
                        accepted = Integer.parseInt(line.substring(9));
                        if (accepted >= 6_000 - 1) {
                            child.destroyForcibly(); // SIGKILL while it is writing the outbox and publishing
                            break;
                        }
                    }
                }
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
            assertThat(accepted).isGreaterThanOrEqualTo(5_999);
            int lastAccepted = accepted;
            try (Outbox left = Outbox.open(new OutboxSettings(outbox, 64L << 20, 200_000, Duration.ofDays(1),
                    Duration.ofMillis(100)), Clock.systemUTC(), new SimpleMeterRegistry(), () -> { })) {
                assertThat(left.size()).as("messages the killed gateway had not had acknowledged").isPositive();
            }
            MqttService restarted = TestAccess.mqttService(config(broker.uri("tcp"), ""), new EventBus(),
                    new SimpleMeterRegistry(), Clock.systemUTC());
            restarted.start(); // replays what the killed gateway had not had acknowledged
            try {
                Set<String> expected = new HashSet<>();
                for (int i = 0; i <= lastAccepted; i++) {
                    expected.add("ev-" + i);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> sub.eventIds.containsAll(expected));
                await().atMost(Duration.ofSeconds(10)).until(() -> restarted.publisher().pending() == 0);
            } finally {
                restarted.close();
            }
        }
    }

    @Test
    void neverMoreInFlightThanTheBrokersReceiveMaximum() throws Exception {
        try (MosquittoProcess broker = new MosquittoProcess(dir, "allow_anonymous true", "", false, 5).start();
             TestSubscriber sub = new TestSubscriber(broker.uri("tcp"), "alarm-centre",
                     "camgate/lab-1/sensor/+/intrusion", null, null, null)) {
            EventBus bus = new EventBus();
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            MqttService mqtt = TestAccess.mqttService(config(broker.uri("tcp"), ""), bus, metrics, Clock.systemUTC());
            mqtt.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> mqtt.publisher().isConnected());
                for (int i = 0; i < 2_000; i++) {
                    bus.publish(numbered(i));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> sub.eventIds.size() == 2_000);
                // Mosquitto announces max_inflight_messages (5) as its receive maximum: the publisher filled it,
                // never exceeded it (Paho would have failed the publish and the connection would have restarted).
                assertThat(mqtt.publisher().maxInFlight()).isEqualTo(5);
                assertThat(metrics.get("camgate.mqtt.connects").counter().count()).isEqualTo(1);
            } finally {
                mqtt.close();
            }
        }
    }

    @Test
    void aFailedFirstConnectIsRetriedAndTheCommandSubscriptionIsRestoredAfterEveryReconnect() throws Exception {
        try (MosquittoProcess broker = new MosquittoProcess(dir, "allow_anonymous true", "", false, 20)) {
            EventBus bus = new EventBus();
            List<Event> manual = new java.util.concurrent.CopyOnWriteArrayList<>();
            bus.subscribe(e -> {
                if (e.event().equals("manual")) {
                    manual.add(e);
                }
            });
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            MqttService mqtt = TestAccess.mqttService(config(broker.uri("tcp"), """
                      commandIdentities: [ops]
                    cameras:
                      - { id: entrance, purpose: test, source: "rtsp://127.0.0.1:1/s" }
                    """), bus, metrics, Clock.systemUTC());
            mqtt.start(); // the broker is not there yet
            try {
                for (int i = 0; i < 100; i++) {
                    bus.publish(numbered(i));
                }
                Thread.sleep(300);
                assertThat(mqtt.publisher().isConnected()).isFalse();
                assertThat(mqtt.publisher().pending()).isEqualTo(200);
                broker.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> mqtt.publisher().pending() == 0);
                try (TestSubscriber ops = new TestSubscriber(broker.uri("tcp"), "ops", "camgate/lab-1/#", null, null,
                        null)) {
                    // Retained: the availability and the last state arrive at once.
                    await().atMost(Duration.ofSeconds(10)).until(() ->
                            !ops.on("camgate/lab-1/gateway/status").isEmpty()
                                    && !ops.on("camgate/lab-1/sensor/radar-1/state/intrusion/z1").isEmpty());
                    assertThat(ops.on("camgate/lab-1/gateway/status").get(0).text()).isEqualTo("online");
                    assertThat(ops.on("camgate/lab-1/sensor/radar-1/state/intrusion/z1").get(0).text())
                            .contains("\"id\":\"ev-99\"");
                    ops.publish("camgate/lab-1/camera/entrance/command", "{\"command\":\"open\",\"by\":\"ops\"}");
                    await().atMost(Duration.ofSeconds(10)).until(() -> manual.size() == 1);
                }
                broker.kill9(); // forgets every session and subscription
                broker.start();
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        metrics.get("camgate.mqtt.connects").counter().count() == 2);
                try (TestSubscriber ops = new TestSubscriber(broker.uri("tcp"), "ops", "x/#", null, null, null)) {
                    ops.publish("camgate/lab-1/camera/entrance/command", "{\"command\":\"close\",\"by\":\"ops\"}");
                    await().atMost(Duration.ofSeconds(10)).until(() -> manual.size() == 2);
                }
                assertThat(manual).extracting(Event::state).containsExactly(EventState.START, EventState.END);
            } finally {
                mqtt.close();
            }
        }
    }

    @Test
    void tlsWithUsernameAndPassword() throws Exception {
        Path pki = Files.createDirectories(dir.resolve("pki"));
        TestPki.create(pki);
        Path passwords = dir.resolve("passwd");
        Process p = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), "camgate", "gw-pass")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        String tls = "cafile " + pki.resolve("ca.pem") + "\ncertfile " + pki.resolve("server.pem") + "\nkeyfile "
                + pki.resolve("server.key") + "\n";
        try (MosquittoProcess broker = new MosquittoProcess(dir, tls,
                "allow_anonymous false\npassword_file " + passwords).start()) {
            EventBus bus = new EventBus();
            MqttService mqtt = TestAccess.mqttService(config(broker.uri("ssl"), """
                      username: camgate
                      password: ${MQTT_PASSWORD}
                      caCertificate: %s
                    """.formatted(pki.resolve("ca.pem"))), bus, new SimpleMeterRegistry(), Clock.systemUTC());
            mqtt.start();
            try (TestSubscriber sub = new TestSubscriber(broker.uri("ssl"), "sub", "camgate/#", "camgate", "gw-pass",
                    TlsTrust.socketFactory(pki.resolve("ca.pem")))) {
                await().atMost(Duration.ofSeconds(15)).until(() -> mqtt.publisher().isConnected());
                bus.publish(numbered(7));
                await().atMost(Duration.ofSeconds(15)).until(() -> sub.eventIds.contains("ev-7"));
                assertThat(sub.on("camgate/lab-1/gateway/status")).extracting(TestSubscriber.Received::text)
                        .contains("online");
            } finally {
                mqtt.close();
            }
            // A wrong password is refused: nothing is lost, the event waits in the outbox.
            MqttService wrong = TestAccess.mqttService(ConfigLoader.parse("""
                    site: lab-1
                    mqtt:
                      broker: %s
                      username: camgate
                      password: nope
                      caCertificate: %s
                      reconnect: { min: 100ms, max: 200ms }
                      outbox: { dir: "%s" }
                    """.formatted(broker.uri("ssl"), pki.resolve("ca.pem"), dir.resolve("outbox2")), "t.yaml",
                    Map.of()), bus, new SimpleMeterRegistry(), Clock.systemUTC());
            wrong.start();
            try {
                bus.publish(numbered(8));
                Thread.sleep(500);
                assertThat(wrong.publisher().isConnected()).isFalse();
                assertThat(wrong.publisher().pending()).isEqualTo(2);
            } finally {
                wrong.close();
            }
        }
    }

    /** A CA and a server certificate for 127.0.0.1, made with the openssl command line tool. */
    static final class TestPki {
        static void create(Path dir) throws Exception {
            run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=camgate test CA",
                    "-keyout", "ca.key", "-out", "ca.pem");
            run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                    "-keyout", "server.key", "-out", "server.csr");
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
            run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.pem");
        }

        private static void run(Path dir, String... command) throws Exception {
            Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        }
    }
}
