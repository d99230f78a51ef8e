package org.camgate.config;

import org.camgate.common.yaml.YamlMap;
import org.camgate.common.units.ByteSizes;
import org.camgate.common.net.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Binds the top-level {@code clips:} section and a camera's {@code clips:} key. */
final class ClipsBinder {
    static final List<String> KEYS = List.of("dir", "retention", "maxBytes", "maxLength", "minFree", "encryptionKey",
            "listen", "publicUrl");
    static final String KEY_EXPECTED = "base64 of 32 random bytes, e.g. from: openssl rand -base64 32";

    private ClipsBinder() {
    }

    /** The section (without cameras); disabled when absent. */
    static ClipsConfig bind(YamlMap top) {
        if (!top.has("clips")) {
            return ClipsConfig.disabled();
        }
        YamlMap m = top.map("clips", KEYS);
        ClipsConfig d = ClipsConfig.disabled();
        Path dir = m.path("dir", "a directory path", d.dir());
        Duration retention = m.positiveDuration("retention", d.retention());
        long maxBytes = m.positiveSize("maxBytes", d.maxBytes());
        Duration maxLength = m.positiveDuration("maxLength", d.maxLength());
        long minFree = m.has("minFree") ? m.value("minFree", "a size", ByteSizes::parse, d.minFree()) : d.minFree();
        Optional<SecretKey> key = m.has("encryptionKey")
                ? Optional.ofNullable(m.value("encryptionKey", KEY_EXPECTED, ClipsBinder::key, null)) : Optional.empty();
        Optional<HostPort> listen = m.has("listen") ? Optional.ofNullable(m.hostPort("listen", null)) : Optional.empty();
        Optional<String> publicUrl = m.has("publicUrl")
                ? Optional.ofNullable(m.value("publicUrl", "an http:// or https:// base URL", ClipsBinder::baseUrl, null))
                : Optional.empty();
        return new ClipsConfig(true, dir, retention, maxBytes, maxLength, minFree, key, listen, publicUrl, Map.of());
    }

    static SecretKey key(String v) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(v.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64 (expected: " + KEY_EXPECTED + ")");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(bytes.length + " bytes (expected: " + KEY_EXPECTED + ")");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static String baseUrl(String v) {
        String s = v.strip();
        if (!s.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw new IllegalArgumentException("invalid base URL \"" + s + "\" (expected: http://host:port or https://host/path)");
        }
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * A camera's {@code clips:} key: {@code true} (every gate opening), {@code false}, or a list of gate triggers.
     * Empty when absent or false; problems recorded.
     */
    static Optional<List<String>> camera(YamlMap m, ClipsConfig clips, GateConfig gate) {
        Node n = m.node("clips");
        if (n == null) {
            return Optional.empty();
        }
        List<String> triggers = new ArrayList<>();
        if (n instanceof ScalarNode) {
            YamlMap.Scalar s = m.scalar("clips", "true, false or a list of gate triggers");
            if (s == null) {
                return Optional.empty();
            }
            if (s.value().equals("false")) {
                return Optional.empty();
            }
            if (!s.value().equals("true")) {
                m.problem("clips", "expected true, false or a list of gate triggers, got \"" + s.value() + "\"");
                return Optional.empty();
            }
        } else if (n instanceof SequenceNode) {
            for (YamlMap.Scalar s : m.scalars("clips", "a gate trigger")) {
                if (!gate.effectiveTriggers().contains(s.value())) {
                    m.problemAt(s, "\"" + s.value() + "\" is not one of this camera's gate triggers ("
                            + String.join(", ", gate.effectiveTriggers()) + ")");
                } else {
                    triggers.add(s.value());
                }
            }
        } else {
            m.problem("clips", "expected true, false or a list of gate triggers");
            return Optional.empty();
        }
        if (!clips.enabled()) {
            m.problem("clips", "needs the top-level clips section (at least clips: { dir: ... })");
            return Optional.empty();
        }
        if (gate.mode() == GateMode.ALWAYS) {
            m.problem("clips", "a clip is recorded for each gate opening: needs gate mode motion or triggers");
            return Optional.empty();
        }
        return Optional.of(List.copyOf(triggers));
    }
}
