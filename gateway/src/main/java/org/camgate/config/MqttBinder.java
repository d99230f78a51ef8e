package org.camgate.config;

import java.util.List;

/** Binds the {@code mqtt} section: broker, embedded broker, topic prefix. */
final class MqttBinder {
    static final List<String> KEYS = List.of("broker", "embedded", "topicPrefix");

    private MqttBinder() {
    }

    static MqttConfig bind(YamlMap m) {
        MqttConfig d = MqttConfig.defaults();
        String broker = m.value("broker", "embedded or a broker URL", MqttBinder::broker, d.broker());
        HostPort embedded = m.map("embedded", List.of("listen")).hostPort("listen", d.embeddedListen());
        String prefix = m.value("topicPrefix", "a topic prefix", MqttBinder::topicPrefix, d.topicPrefix());
        return new MqttConfig(broker, embedded, prefix);
    }

    private static String broker(String v) {
        if (v.equals(MqttConfig.EMBEDDED)) {
            return v;
        }
        Urls.Parsed p = Urls.parse(v, List.of("tcp", "ssl"), "embedded, tcp://host:1883 or ssl://host:8883");
        if (p.hadUserInfo()) {
            throw new IllegalArgumentException("credentials in the broker URL are not supported");
        }
        String path = p.uri().getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || p.uri().getRawQuery() != null) {
            throw new IllegalArgumentException("a broker URL has no path or query (expected e.g. tcp://host:1883)");
        }
        return p.uri().toString();
    }

    private static String topicPrefix(String v) {
        if (v.isEmpty() || v.startsWith("/") || v.endsWith("/") || v.contains("//")
                || v.contains("+") || v.contains("#") || v.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid topic prefix \"" + v
                    + "\" (expected topic levels without wildcards, e.g. camgate or acme/camgate)");
        }
        return v;
    }
}
