package org.camgate.config;

import java.util.Objects;

/**
 * Where events are published.
 *
 * @param broker         {@code embedded} (default) or {@code tcp://host:port}, {@code ssl://host:port}
 * @param embeddedListen where the embedded broker listens; default {@code 127.0.0.1:1883}
 * @param topicPrefix    first topic level(s); default {@code camgate}
 */
public record MqttConfig(String broker, HostPort embeddedListen, String topicPrefix) {
    public static final String EMBEDDED = "embedded";

    public MqttConfig {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(embeddedListen, "embeddedListen");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
    }

    public boolean isEmbedded() {
        return EMBEDDED.equals(broker);
    }

    public static MqttConfig defaults() {
        return new MqttConfig(EMBEDDED, new HostPort("127.0.0.1", 1883), "camgate");
    }
}
