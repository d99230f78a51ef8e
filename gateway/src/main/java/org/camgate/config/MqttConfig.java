package org.camgate.config;

import org.camgate.common.net.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where events are published.
 *
 * @param broker            {@code embedded} (default) or {@code tcp://host:port}, {@code ssl://host:port}
 * @param embeddedListen    where the embedded broker listens; default {@code 127.0.0.1:1883}
 * @param embeddedUsers     identities that may log in to the embedded broker (and read its event trees)
 * @param embeddedAnonymousRead whether clients without a login may subscribe on the embedded broker (never to the
 *                          command topics); default false
 * @param topicPrefix       first topic level(s); default {@code camgate}
 * @param clientId          the gateway's MQTT client id; null: {@code camgate-{site}}
 * @param username          the gateway's login on an external broker, or null
 * @param password          with {@code username}; never logged
 * @param caCertificate     PEM file of the CA that signed an {@code ssl://} broker's certificate, or null (the JVM's)
 * @param qos               1 (default) or 2
 * @param outbox            the durable outbox
 * @param reconnectMin      first wait before reconnecting; doubles per failure
 * @param reconnectMax      longest wait between reconnection attempts
 * @param commandIdentities MQTT identities allowed to send commands; empty: the command topic is off
 * @param homeAssistant     Home Assistant MQTT discovery
 * @param profileM          also publish ONVIF Profile M style topics ({@code <prefix>/onvif-ej/RuleEngine/...})
 */
public record MqttConfig(String broker, HostPort embeddedListen, List<User> embeddedUsers,
                         boolean embeddedAnonymousRead, String topicPrefix,
                         String clientId, String username, String password, Path caCertificate, int qos,
                         Outbox outbox, Duration reconnectMin, Duration reconnectMax, List<String> commandIdentities,
                         HomeAssistant homeAssistant, boolean profileM) {
    public static final String EMBEDDED = "embedded";

    public MqttConfig {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(embeddedListen, "embeddedListen");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        Objects.requireNonNull(homeAssistant, "homeAssistant");
        embeddedUsers = List.copyOf(embeddedUsers);
        commandIdentities = List.copyOf(commandIdentities);
    }

    public boolean isEmbedded() {
        return EMBEDDED.equals(broker);
    }

    public static MqttConfig defaults() {
        return new MqttConfig(EMBEDDED, new HostPort("127.0.0.1", 1883), List.of(), false, "camgate", null, null, null, null,
                1, Outbox.defaults(), Duration.ofMillis(500), Duration.ofSeconds(30), List.of(),
                HomeAssistant.defaults(), false);
    }

    /** Same settings with another broker (tests, the demo). */
    public MqttConfig withBroker(String newBroker, HostPort newEmbeddedListen) {
        return new MqttConfig(newBroker, newEmbeddedListen, embeddedUsers, embeddedAnonymousRead, topicPrefix, clientId,
                username, password,
                caCertificate, qos, outbox, reconnectMin, reconnectMax, commandIdentities, homeAssistant, profileM);
    }

    @Override
    public String toString() {
        return "MqttConfig[broker=" + broker + ", embeddedListen=" + embeddedListen + ", embeddedUsers="
                + embeddedUsers + ", embeddedAnonymousRead=" + embeddedAnonymousRead + ", topicPrefix=" + topicPrefix + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", caCertificate=" + caCertificate
                + ", qos=" + qos + ", outbox=" + outbox + ", reconnect=" + reconnectMin + ".." + reconnectMax
                + ", commandIdentities=" + commandIdentities + ", homeAssistant=" + homeAssistant
                + ", profileM=" + profileM + "]";
    }

    /** A login on the embedded broker. */
    public record User(String name, String password) {
        public User {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "User[" + name + "]";
        }
    }

    /**
     * The durable outbox: every event is written here before it counts as accepted.
     *
     * @param dir           default {@code data/outbox}
     * @param maxBytes      most bytes of unacknowledged messages; default 64MB
     * @param maxMessages   most unacknowledged messages; default 200000
     * @param retention     unacknowledged messages older than this are dropped; default 7d
     * @param fsyncInterval how often the outbox is forced to disk; 0s: at every event; default 100ms
     */
    public record Outbox(Path dir, long maxBytes, int maxMessages, Duration retention, Duration fsyncInterval) {
        public Outbox {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(retention, "retention");
            Objects.requireNonNull(fsyncInterval, "fsyncInterval");
        }

        public static Outbox defaults() {
            return new Outbox(Path.of("data/outbox"), 64L << 20, 200_000, Duration.ofDays(7), Duration.ofMillis(100));
        }
    }

    /**
     * Home Assistant MQTT discovery.
     *
     * @param enabled         default false
     * @param discoveryPrefix default {@code homeassistant}
     */
    public record HomeAssistant(boolean enabled, String discoveryPrefix) {
        public HomeAssistant {
            Objects.requireNonNull(discoveryPrefix, "discoveryPrefix");
        }

        public static HomeAssistant defaults() {
            return new HomeAssistant(false, "homeassistant");
        }
    }
}
