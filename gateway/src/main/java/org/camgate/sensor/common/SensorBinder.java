package org.camgate.sensor.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.camgate.access.Cidr;
import org.camgate.common.yaml.YamlMap;

/**
 * Binds one {@code sensors[]} entry: what every kind shares (type, input, timings, allow), then the kind's own keys
 * through its {@link SensorKind}. A key of another kind is reported as "only for ... sensors".
 */
public final class SensorBinder {
    private static final List<String> COMMON = List.of("id", "type", "input", "silenceTimeout", "hold", "allow",
            "faultEndsDetections");
    private static final String EXAMPLE = "udp://127.0.0.1:9101";

    private final List<SensorKind<?>> kinds;
    private final List<String> keys;

    public SensorBinder(List<SensorKind<?>> kinds) {
        this.kinds = List.copyOf(kinds);
        Set<String> all = new LinkedHashSet<>(COMMON);
        for (SensorKind<?> k : kinds) {
            all.addAll(k.keys());
        }
        this.keys = List.copyOf(all);
    }

    /** Every key a {@code sensors[]} entry may have. */
    public List<String> keys() {
        return keys;
    }

    /** The sensor, or null when something is wrong (the problems are recorded); {@code id} null if it was wrong. */
    public SensorSettings bind(YamlMap m, String id) {
        SensorKind<?> kind = m.has("type") ? m.value("type", "sensor type", this::kind, null)
                : m.missing("type", "required: " + names());
        URI input = m.has("input") ? m.value("input", "a URL", SensorBinder::input, null)
                : m.missing("input", "required: where detections arrive, e.g. " + EXAMPLE);
        Duration silence = m.positiveDuration("silenceTimeout", CommonSettings.DEFAULT_SILENCE_TIMEOUT);
        Duration hold = m.duration("hold", CommonSettings.DEFAULT_HOLD);
        boolean faultEnds = m.bool("faultEndsDetections", true);
        Function<CommonSettings, ? extends SensorSettings> settings = null;
        if (kind != null) {
            onlyForOtherKinds(m, kind);
            settings = kind.binder().apply(m);
        }
        List<Cidr> allow = new ArrayList<>();
        for (YamlMap.Scalar s : m.scalars("allow", "a CIDR")) {
            try {
                allow.add(Cidr.parse(s.value()));
            } catch (IllegalArgumentException e) {
                m.problemAt(s, e.getMessage());
            }
        }
        if (m.has("allow") && m.list("allow").isEmpty()) {
            m.problem("allow", "an empty list admits no sensor; omit the key to accept datagrams from any address");
        }
        return id == null || settings == null || input == null ? null
                : settings.apply(new CommonSettings(id, input, silence, hold, allow, faultEnds));
    }

    private SensorKind<?> kind(String name) {
        for (SensorKind<?> k : kinds) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown sensor type \"" + name + "\" (expected one of: "
                + String.join(", ", kinds.stream().map(SensorKind::name).toList()) + ")");
    }

    /** "radar, lidar or thermal". */
    private String names() {
        List<String> n = kinds.stream().map(SensorKind::name).toList();
        return n.size() == 1 ? n.get(0)
                : String.join(", ", n.subList(0, n.size() - 1)) + " or " + n.get(n.size() - 1);
    }

    private void onlyForOtherKinds(YamlMap m, SensorKind<?> kind) {
        for (String key : keys) {
            if (!m.has(key) || COMMON.contains(key) || kind.keys().contains(key)) {
                continue;
            }
            List<String> owners = kinds.stream().filter(k -> k.keys().contains(key)).map(SensorKind::name).toList();
            m.problem(key, "only for " + String.join(" or ", owners) + " sensors");
        }
    }

    private static URI input(String v) {
        URI uri;
        try {
            uri = new URI(v.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL (expected e.g. " + EXAMPLE + ")");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            throw new IllegalArgumentException("no scheme in the URL (supported: " + String.join(", ", CommonSettings.SCHEMES)
                    + ", e.g. " + EXAMPLE + ")");
        }
        if (!CommonSettings.SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("unsupported input scheme \"" + scheme + "\" (supported: "
                    + String.join(", ", CommonSettings.SCHEMES) + ", e.g. " + EXAMPLE + ")");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in the URL (expected e.g. " + EXAMPLE + ")");
        }
        if (uri.getPort() < 0) {
            throw new IllegalArgumentException("no port in the URL (expected e.g. " + EXAMPLE + ")");
        }
        return uri;
    }
}
