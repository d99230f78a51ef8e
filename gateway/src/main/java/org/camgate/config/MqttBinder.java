package org.camgate.config;

import org.camgate.common.yaml.YamlMap;
import org.camgate.common.units.Durations;
import org.camgate.common.net.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Binds the {@code mqtt} section: broker, embedded broker, credentials, outbox, commands, optional outputs. */
final class MqttBinder {
    static final List<String> KEYS = List.of("broker", "embedded", "topicPrefix", "clientId", "username", "password",
            "caCertificate", "qos", "outbox", "reconnect", "commandIdentities", "homeAssistant", "profileM");
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private MqttBinder() {
    }

    static MqttConfig bind(YamlMap m) {
        MqttConfig d = MqttConfig.defaults();
        String broker = m.value("broker", "embedded or a broker URL", MqttBinder::broker, d.broker());
        boolean embedded = MqttConfig.EMBEDDED.equals(broker);
        YamlMap em = m.map("embedded", List.of("listen", "users", "anonymousRead"));
        HostPort listen = em.hostPort("listen", d.embeddedListen());
        List<MqttConfig.User> users = users(em);
        if (!embedded && !users.isEmpty()) {
            em.problem("users", "only used with broker: embedded (an external broker keeps its own logins)");
        }
        boolean anonymousRead = em.bool("anonymousRead", d.embeddedAnonymousRead());
        if (!embedded && em.has("anonymousRead")) {
            em.problem("anonymousRead", "only used with broker: embedded (an external broker keeps its own ACL)");
        }
        String prefix = m.value("topicPrefix", "a topic prefix", MqttBinder::topicPrefix, d.topicPrefix());
        String clientId = m.value("clientId", "a client id", MqttBinder::clientId, null);
        String username = m.string("username", null);
        String password = m.string("password", null);
        if (username != null && password == null) {
            m.problem("username", "a username needs a password (mqtt.password)");
        } else if (password != null && username == null) {
            m.problem("password", "a password needs a username (mqtt.username)");
        } else if (username != null && embedded) {
            m.problem("username", "only used with an external broker (tcp:// or ssl://); "
                    + "logins to the embedded broker are mqtt.embedded.users");
        }
        Path ca = m.value("caCertificate", "a PEM file", Path::of, null);
        if (ca != null && !broker.startsWith("ssl://")) {
            m.problem("caCertificate", "only used with an ssl:// broker");
        }
        int qos = m.integer("qos", d.qos());
        if (qos != 1 && qos != 2) {
            m.problem("qos", "unsupported QoS " + qos + " (expected: 1 or 2; the outbox needs the broker's acknowledgement)");
            qos = d.qos();
        }
        MqttConfig.Outbox outbox = outbox(m.map("outbox",
                List.of("dir", "maxBytes", "maxMessages", "retention", "fsyncInterval")), d.outbox());
        YamlMap rc = m.map("reconnect", List.of("min", "max"));
        Duration min = rc.positiveDuration("min", d.reconnectMin());
        Duration max = rc.positiveDuration("max", d.reconnectMax());
        if (max.compareTo(min) < 0) {
            rc.problem("max", "must not be shorter than reconnect.min (" + Durations.format(min) + ")");
            max = min;
        }
        List<String> identities = new ArrayList<>();
        Set<String> userNames = new HashSet<>();
        users.forEach(u -> userNames.add(u.name()));
        for (YamlMap.Scalar s : m.scalars("commandIdentities", "an MQTT user name")) {
            if (!s.value().matches(NAME)) {
                m.problemAt(s, "invalid identity \"" + s.value() + "\" (expected letters, digits, . _ -)");
            } else if (embedded && !userNames.contains(s.value())) {
                m.problemAt(s, "unknown identity \"" + s.value() + "\": with the embedded broker, add it to "
                        + "mqtt.embedded.users with a password");
            } else {
                identities.add(s.value());
            }
        }
        YamlMap ha = m.map("homeAssistant", List.of("enabled", "discoveryPrefix"));
        MqttConfig.HomeAssistant homeAssistant = new MqttConfig.HomeAssistant(ha.bool("enabled", false),
                ha.value("discoveryPrefix", "a topic prefix", MqttBinder::topicPrefix, "homeassistant"));
        boolean profileM = m.bool("profileM", false);
        return new MqttConfig(broker, listen, users, anonymousRead, prefix, clientId, username, password, ca, qos, outbox, min, max,
                identities, homeAssistant, profileM);
    }

    private static List<MqttConfig.User> users(YamlMap em) {
        List<MqttConfig.User> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlMap.Item item : em.list("users")) {
            YamlMap u = YamlMap.of(em.binding(), item.path(), item.node(), em.line(), List.of("name", "password"));
            if (!u.isMapping()) {
                continue;
            }
            String name = u.required("name", "required: the MQTT user name");
            String password = u.required("password", "required: the password (take it from the environment, e.g. ${ALARM_MQTT_PASSWORD})");
            if (name != null && !name.matches(NAME)) {
                u.problem("name", "invalid user name \"" + name + "\" (expected letters, digits, . _ -)");
            } else if ("camgate-gateway".equals(name)) {
                u.problem("name", "the user name camgate-gateway is reserved for the gateway's own client");
            } else if (name != null && !names.add(name)) {
                u.problem("name", "duplicate user \"" + name + "\"");
            } else if (name != null && password != null) {
                users.add(new MqttConfig.User(name, password));
            }
        }
        return users;
    }


    private static MqttConfig.Outbox outbox(YamlMap o, MqttConfig.Outbox d) {
        Path dir = o.value("dir", "a directory", Path::of, d.dir());
        long maxBytes = o.positiveSize("maxBytes", d.maxBytes());
        int maxMessages = o.positive("maxMessages", d.maxMessages());
        Duration retention = o.positiveDuration("retention", d.retention());
        Duration fsync = o.duration("fsyncInterval", d.fsyncInterval());
        return new MqttConfig.Outbox(dir, maxBytes, maxMessages, retention, fsync);
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

    private static String clientId(String v) {
        if (!v.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("invalid client id \"" + v
                    + "\" (expected 1-64 letters, digits, . _ -)");
        }
        return v;
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
