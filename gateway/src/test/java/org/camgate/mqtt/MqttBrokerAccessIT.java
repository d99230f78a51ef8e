package org.camgate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camgate.access.LogSafe;
import org.camgate.audit.AuditEvent;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Attacks on the embedded broker from other loopback addresses (127.0.0.2 and up stand for other hosts), each against
 * the gateway's real MQTT side: its session, its retained messages, its command topics, its logs and its logins.
 */
class MqttBrokerAccessIT {
    private static final String STATUS = "camgate/lab-1/gateway/status";
    private static final String STATE = "camgate/lab-1/sensor/radar-1/state/intrusion/gate-a";
    private static final String HA = "homeassistant/binary_sensor/camgate_lab-1/sensor_radar-1_intrusion_gate-a/config";
    private static final String PROFILE_M = "camgate/onvif-ej/RuleEngine/FieldDetector/ObjectsInside/lab-1/sensor/radar-1/gate-a";
    private static final String COMMAND = "camgate/lab-1/camera/entrance/command";
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int CLIENT_ID_NOT_VALID = 0x85;
    private static final int BAD_LOGIN = 0x86;

    @TempDir
    Path dir;
    private MqttService mqtt;
    private TestAccess access;
    private final EventBus bus = new EventBus();
    private final List<Event> manual = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();

    private GatewayConfig config(boolean anonymousRead) throws Exception {
        return ConfigLoader.parse("""
                site: lab-1
                access:
                  allow: [127.0.0.0/8]
                  deny: [127.0.0.9/32]
                  loginFailures: { perAddress: 3, window: 1m }
                mqtt:
                  embedded:
                    listen: 127.0.0.1:0
                    anonymousRead: %s
                    users:
                      - { name: alarm-centre, password: alarm-pw }
                      - { name: viewer, password: viewer-pw }
                  commandIdentities: [alarm-centre]
                  reconnect: { min: 100ms, max: 500ms }
                  outbox: { dir: "${OUTBOX}" }
                  homeAssistant: { enabled: true }
                  profileM: true
                users:
                  - { name: alarm-centre, password: rtsp-pw, cameras: [entrance] }
                cameras:
                  - { id: entrance, purpose: test, source: "rtsp://127.0.0.1:1/a" }
                  - { id: lobby, purpose: test, source: "rtsp://127.0.0.1:1/b" }
                """.formatted(anonymousRead), "test.yaml", Map.of("OUTBOX", dir.resolve("outbox").toString()));
    }

    /** Starts the gateway's MQTT side and has it write its retained messages (state, discovery, Profile M, status). */
    private void start(boolean anonymousRead) throws Exception {
        GatewayConfig config = config(anonymousRead);
        access = new TestAccess(config);
        bus.subscribe(e -> {
            if (e.event().equals("manual")) {
                manual.add(e);
            }
        });
        mqtt = access.service(config, bus, new SimpleMeterRegistry());
        mqtt.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> mqtt.publisher().isConnected());
        bus.publish(new Event("ev-1", Instant.parse("2026-03-01T10:15:30.250Z"), "lab-1",
                EventSource.sensor("radar-1", "radar"), "intrusion", EventState.START, "gate-a", Map.of("speed", 1.5)));
        TestSubscriber check = subscriber("127.0.0.2", "check", "#", "viewer", "viewer-pw");
        await().atMost(Duration.ofSeconds(10)).until(() -> List.of(STATUS, STATE, HA, PROFILE_M).stream()
                .allMatch(t -> check.last.containsKey(t)));
        check.close();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already gone
            }
        }
        if (mqtt != null) {
            mqtt.close();
        }
    }

    @Test
    void theGatewaysClientIdIsReservedAndItsSessionIsNeverTakenOver() throws Exception {
        start(true);
        String gatewayId = mqtt.clientId();
        assertThat(gatewayId).startsWith("camgate-lab-1-").hasSizeGreaterThan("camgate-lab-1-".length() + 8);
        TestSubscriber watcher = subscriber("127.0.0.2", "watcher", STATUS, "viewer", "viewer-pw");
        await().atMost(Duration.ofSeconds(10)).until(() -> !watcher.on(STATUS).isEmpty());

        // Anonymous, a real user, and the gateway's login name with a guessed password: all refused.
        assertThat(connectCode("127.0.0.3", gatewayId, null, null)).isEqualTo(CLIENT_ID_NOT_VALID);
        assertThat(connectCode("127.0.0.3", gatewayId, "viewer", "viewer-pw")).isEqualTo(CLIENT_ID_NOT_VALID);
        assertThat(connectCode("127.0.0.4", gatewayId, BrokerAccess.GATEWAY_USER, "guess")).isEqualTo(BAD_LOGIN);
        // The gateway's login name is not for any other client id either.
        assertThat(connectCode("127.0.0.4", "other", BrokerAccess.GATEWAY_USER, "guess")).isEqualTo(BAD_LOGIN);

        Thread.sleep(500);
        assertThat(mqtt.publisher().isConnected()).isTrue();
        assertThat(watcher.on(STATUS)).extracting(TestSubscriber.Received::text).containsOnly("online");
        TestSubscriber late = subscriber("127.0.0.2", "late", STATUS, "viewer", "viewer-pw");
        await().atMost(Duration.ofSeconds(10)).until(() -> !late.on(STATUS).isEmpty());
        assertThat(late.on(STATUS).get(0).text()).isEqualTo("online");
        assertThat(access.audit.events(AuditEvent.DENIED)).anySatisfy(e -> {
            assertThat(e.remote()).isEqualTo("127.0.0.3");
            assertThat(e.details()).containsEntry("transport", "mqtt")
                    .containsEntry("reason", "client id reserved for the gateway");
        });
    }

    @Test
    void aUsersClientIdCannotBeTakenByAnotherIdentity() throws Exception {
        start(true);
        TestSubscriber alarm = subscriber("127.0.0.2", "alarm-centre-1", null, "alarm-centre", "alarm-pw");
        assertThat(connectCode("127.0.0.3", "alarm-centre-1", null, null)).isEqualTo(CLIENT_ID_NOT_VALID);
        assertThat(connectCode("127.0.0.3", "alarm-centre-1", "viewer", "viewer-pw")).isEqualTo(CLIENT_ID_NOT_VALID);
        Thread.sleep(300);
        assertThat(alarm.isConnected()).isTrue();
    }

    @Test
    void nobodyButTheGatewayWritesItsTreesAndItsRetainedMessagesStayUnchanged() throws Exception {
        start(true);
        TestSubscriber before = subscriber("127.0.0.2", "before", "#", "viewer", "viewer-pw");
        await().atMost(Duration.ofSeconds(10)).until(() -> before.last.keySet().containsAll(
                List.of(STATUS, STATE, HA, PROFILE_M)));
        Map<String, String> original = Map.of(STATUS, before.last.get(STATUS).text(), STATE,
                before.last.get(STATE).text(), HA, before.last.get(HA).text(), PROFILE_M,
                before.last.get(PROFILE_M).text());
        before.close();

        for (String topic : List.of(HA, PROFILE_M, STATE, STATUS, "camgate/lab-1/sensor/radar-1/intrusion",
                "homeassistant/binary_sensor/fake/config")) {
            assertThat(publishCode("127.0.0.3", null, null, topic, true)).as("anonymous on " + topic)
                    .isEqualTo(NOT_AUTHORIZED);
        }
        // Logged-in users are no different, nor is a command identity outside the command topics.
        assertThat(publishCode("127.0.0.3", "viewer", "viewer-pw", HA, true)).isEqualTo(NOT_AUTHORIZED);
        assertThat(publishCode("127.0.0.3", "alarm-centre", "alarm-pw", STATUS, true)).isEqualTo(NOT_AUTHORIZED);
        // Commands: command identities only, never retained.
        assertThat(publishCode("127.0.0.3", null, null, COMMAND, false)).isEqualTo(NOT_AUTHORIZED);
        assertThat(publishCode("127.0.0.3", "viewer", "viewer-pw", COMMAND, false)).isEqualTo(NOT_AUTHORIZED);
        assertThat(publishCode("127.0.0.3", "alarm-centre", "alarm-pw", COMMAND, true)).isEqualTo(NOT_AUTHORIZED);
        // A will is a publish too: an anonymous client cannot leave "offline" on the gateway's status.
        assertThatThrownBy(() -> connect("127.0.0.3", "will", null, null, STATUS))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
        // Outside the gateway's trees anyone may publish.
        assertThat(publishCode("127.0.0.3", null, null, "sensors/radar-9", false)).isLessThan(0x80);

        TestSubscriber after = subscriber("127.0.0.2", "after", "#", "viewer", "viewer-pw");
        await().atMost(Duration.ofSeconds(10)).until(() -> after.last.keySet().containsAll(original.keySet()));
        Thread.sleep(300);
        original.forEach((topic, text) -> assertThat(after.last.get(topic).text()).as(topic).isEqualTo(text));
        assertThat(after.last).doesNotContainKey("homeassistant/binary_sensor/fake/config");
        assertThat(access.audit.events(AuditEvent.DENIED)).anySatisfy(e -> {
            assertThat(e.details()).containsEntry("transport", "mqtt").containsEntry("topic", LogSafe.text(HA))
                    .containsEntry("reason", BrokerRules.RESERVED);
        });
    }

    @Test
    void commandsAreCameraScopedAndReadByTheGatewayOnly() throws Exception {
        start(true);
        TestSubscriber anonymousAll = subscriber("127.0.0.4", "anon-all", "#", null, null);
        TestSubscriber viewerAll = subscriber("127.0.0.5", "viewer-all", "camgate/lab-1/#", "viewer", "viewer-pw");
        assertThat(subscribeCode("127.0.0.4", null, null, "camgate/lab-1/camera/+/command")).isEqualTo(NOT_AUTHORIZED);
        assertThat(subscribeCode("127.0.0.4", "viewer", "viewer-pw", COMMAND)).isEqualTo(NOT_AUTHORIZED);
        assertThat(subscribeCode("127.0.0.4", "alarm-centre", "alarm-pw", "$share/g/" + COMMAND))
                .isEqualTo(NOT_AUTHORIZED);

        assertThat(publishCode("127.0.0.3", "alarm-centre", "alarm-pw", COMMAND, false)).isLessThan(0x80);
        await().atMost(Duration.ofSeconds(10)).until(() -> manual.size() == 1);
        // The user's cameras (users:) scope its commands: lobby is not among them.
        assertThat(publishCode("127.0.0.3", "alarm-centre", "alarm-pw", "camgate/lab-1/camera/lobby/command", false))
                .isEqualTo(NOT_AUTHORIZED);
        await().atMost(Duration.ofSeconds(10)).until(() -> !viewerAll.on("camgate/lab-1/camera/entrance/manual").isEmpty());
        Thread.sleep(300);
        assertThat(manual).hasSize(1);
        assertThat(anonymousAll.messages).noneMatch(m -> m.topic().endsWith("/command"));
        assertThat(viewerAll.messages).noneMatch(m -> m.topic().endsWith("/command"));
        assertThat(anonymousAll.on("camgate/lab-1/camera/entrance/manual")).isNotEmpty();
        assertThat(access.audit.events(AuditEvent.DENIED)).anySatisfy(e -> {
            assertThat(e.camera()).isEqualTo("lobby");
            assertThat(e.user()).isEqualTo("alarm-centre");
            assertThat(e.details()).containsEntry("transport", "mqtt");
        });
    }

    @Test
    void anonymousClientsReadNothingByDefault() throws Exception {
        start(false);
        assertThat(subscribeCode("127.0.0.4", null, null, "#")).isEqualTo(NOT_AUTHORIZED);
        assertThat(subscribeCode("127.0.0.4", null, null, COMMAND)).isEqualTo(NOT_AUTHORIZED);
        assertThat(subscribeCode("127.0.0.4", "viewer", "viewer-pw", "camgate/#")).isLessThan(0x80);
    }

    @Test
    void controlCharactersInUserNamesAndClientIdsCannotForgeLogLines() throws Exception {
        start(true);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(BrokerAccess.class),
                (Logger) LoggerFactory.getLogger(BrokerAuthorizer.class),
                (Logger) LoggerFactory.getLogger("org.camgate.access"));
        for (Logger l : loggers) {
            l.setLevel(Level.INFO);
            l.addAppender(logs);
        }
        try {
            // A newline (raw MQTT 3.1.1: Paho will not send one) reaches the gateway's login check.
            assertThat(rawConnect("127.0.0.6", "c1", "evil\n12:00:00.000 INFO forged", "x")).isEqualTo(4);
            // So does a line separator, and control characters in client ids and topics.
            assertThat(connectCode("127.0.0.6", "c2\u2028forged client", "evil\u2028forged user", "x"))
                    .isEqualTo(BAD_LOGIN);
            assertThat(publishCode("127.0.0.6", null, null, "camgate/x\u2028forged topic", false))
                    .isEqualTo(NOT_AUTHORIZED);
            await().atMost(Duration.ofSeconds(5)).until(() -> logs.list.size() >= 2);
        } finally {
            for (Logger l : loggers) {
                l.detachAppender(logs);
                l.setLevel(null);
            }
        }
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain("\n", "\r", "\u2028"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("evil\\u2028forged user")
                .contains("c2\\u2028forged client"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("evil\\u000a12:00:00.000 INFO forged"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("camgate/x\\u2028forged topic"));
        assertThat(access.audit.events(AuditEvent.AUTH_FAILURE)).extracting(AuditEvent::user)
                .contains("evil\\u000a12:00:00.000 INFO forged", "evil\\u2028forged user");
    }

    @Test
    void repeatedWrongPasswordsLockTheLoginOutEvenWithTheRightPassword() throws Exception {
        start(true);
        for (int i = 0; i < 3; i++) {
            assertThat(connectCode("127.0.0.7", "guess-" + i, "viewer", "wrong-" + i)).isEqualTo(BAD_LOGIN);
        }
        long t0 = System.nanoTime();
        assertThat(connectCode("127.0.0.7", "right", "viewer", "viewer-pw")).isEqualTo(BAD_LOGIN);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        // Another address is not locked out, and the gateway itself (127.0.0.1) never is.
        assertThat(connectCode("127.0.0.8", "right", "viewer", "viewer-pw")).isEqualTo(0);
        assertThat(mqtt.publisher().isConnected()).isTrue();
        List<AuditEvent> failures = access.audit.events(AuditEvent.AUTH_FAILURE);
        assertThat(failures).hasSize(4).allSatisfy(e -> {
            assertThat(e.remote()).isEqualTo("127.0.0.7");
            assertThat(e.user()).isEqualTo("viewer");
            assertThat(e.details()).containsEntry("transport", "mqtt");
        });
        assertThat(failures.get(3).details()).containsEntry("reason", "too many failed logins: refused unchecked");
        assertThat(access.audit.events(AuditEvent.RATE_LIMITED)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("transport", "mqtt"));
    }

    @Test
    void aConnectionFromOutsideAccessAllowIsRefusedAtOnce() throws Exception {
        start(true);
        assertThat(connectCode("127.0.0.9", "outsider", null, null)).isEqualTo(NOT_AUTHORIZED);
        assertThat(connectCode("127.0.0.9", "outsider", "viewer", "viewer-pw")).isEqualTo(NOT_AUTHORIZED);
        assertThat(access.audit.events(AuditEvent.DENIED)).anySatisfy(e -> {
            assertThat(e.remote()).startsWith("127.0.0.9");
            assertThat(e.details()).containsEntry("transport", "mqtt").containsEntry("reason", "address not allowed");
        });
        // Refused before the password was looked at: no failed login counted.
        assertThat(access.audit.events(AuditEvent.AUTH_FAILURE)).isEmpty();
        assertThat(access.throttle.failures(InetAddress.getByName("127.0.0.9"))).isZero();
    }

    @Test
    void theGatewaysOwnClientMustBeAllowedByTheAccessPolicy() throws Exception {
        GatewayConfig config = ConfigLoader.parse("""
                site: lab-1
                access: { allow: [192.0.2.0/24] }
                mqtt:
                  embedded: { listen: 127.0.0.1:0 }
                  outbox: { dir: "${OUTBOX}" }
                """, "test.yaml", Map.of("OUTBOX", dir.resolve("outbox").toString()));
        MqttService refused = new TestAccess(config).service(config, bus, new SimpleMeterRegistry());
        try {
            assertThatThrownBy(refused::start).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the gateway's own client connects to its embedded MQTT broker from 127.0.0.1, which "
                            + "access.allow/access.deny refuse; allow that address");
            assertThat(refused.embeddedUri()).isNull();
        } finally {
            refused.close();
        }
    }

    // --- clients ---

    private TestSubscriber subscriber(String from, String clientId, String filter, String user, String password)
            throws Exception {
        TestSubscriber s = new TestSubscriber(mqtt.embeddedUri(), clientId, filter, user, password,
                new LocalAddressSocketFactory(InetAddress.getByName(from)));
        clients.add(s);
        return s;
    }

    private MqttAsyncClient connect(String from, String clientId, String user, String password, String willTopic)
            throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(mqtt.embeddedUri(), clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(new LocalAddressSocketFactory(InetAddress.getByName(from)));
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        if (willTopic != null) {
            o.setWill(willTopic, new MqttMessage("offline".getBytes(StandardCharsets.UTF_8), 1, true, null));
        }
        try {
            client.connect(o).waitForCompletion(15_000);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        clients.add(() -> {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1_000, false);
            }
            client.close(true);
        });
        return client;
    }

    /** The CONNACK reason code: 0 when connected (and then disconnected again). */
    private int connectCode(String from, String clientId, String user, String password) throws Exception {
        try {
            MqttAsyncClient c = connect(from, clientId, user, password, null);
            c.disconnect().waitForCompletion(5_000);
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** Publishes QoS 1 from a fresh client; the PUBACK (or refusal) reason code. */
    private int publishCode(String from, String user, String password, String topic, boolean retained)
            throws Exception {
        MqttAsyncClient c = connect(from, "pub-" + System.nanoTime(), user, password, null);
        try {
            IMqttToken t = c.publish(topic, "{\"command\":\"open\",\"by\":\"alarm-centre\"}"
                    .getBytes(StandardCharsets.UTF_8), 1, retained);
            t.waitForCompletion(10_000);
            int[] codes = t.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** Subscribes from a fresh client; the SUBACK (or refusal) reason code. */
    private int subscribeCode(String from, String user, String password, String filter) throws Exception {
        MqttAsyncClient c = connect(from, "sub-" + System.nanoTime(), user, password, null);
        try {
            IMqttToken t = c.subscribe(new MqttSubscription(filter, 1));
            t.waitForCompletion(10_000);
            int[] codes = t.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** An MQTT 3.1.1 CONNECT written by hand; the CONNACK return code (4: bad login), -1 when the broker just closes. */
    private int rawConnect(String from, String clientId, String user, String password) throws IOException {
        URI uri = URI.create(mqtt.embeddedUri());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);
        body.write(0xC2); // user name, password, clean session
        body.write(0);
        body.write(30);
        writeString(body, clientId);
        writeString(body, user);
        writeString(body, password);
        try (Socket socket = new LocalAddressSocketFactory(InetAddress.getByName(from)).createSocket(uri.getHost(),
                uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(0x10);
            out.write(body.size()); // < 128
            body.writeTo(out);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            try {
                int type = in.readUnsignedByte();
                in.readUnsignedByte();
                in.readUnsignedByte();
                return type == 0x20 ? in.readUnsignedByte() : -1;
            } catch (EOFException | java.net.SocketException e) {
                return -1;
            }
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xff);
        out.write(b, 0, b.length);
    }
}
