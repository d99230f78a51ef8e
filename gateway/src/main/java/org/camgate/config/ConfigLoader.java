package org.camgate.config;

import org.camgate.common.yaml.Ids;
import org.camgate.common.yaml.YamlMap;
import org.camgate.common.yaml.YamlBinding;
import org.camgate.common.yaml.ConfigProblem;
import org.camgate.common.yaml.ConfigException;
import org.camgate.common.units.Durations;
import org.camgate.common.units.ByteSizes;
import org.camgate.common.net.HostPort;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.camgate.access.Cidr;
import org.camgate.sensor.SensorKinds;
import org.camgate.sensor.common.SensorBinder;
import org.camgate.sensor.common.SensorSettings;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the gateway's YAML configuration into a validated {@link GatewayConfig}, or fails with a
 * {@link ConfigException} listing every problem with its YAML path and line. Nothing wrong is silently
 * replaced by a default; a key that is absent takes the default documented in {@code conf/gateway/reference.yaml}.
 */
public final class ConfigLoader {
    /** Larger files are refused (a configuration is a few kilobytes). */
    public static final int MAX_BYTES = 1 << 20;
    /** Aliases of lists and mappings allowed in one file (defends against "billion laughs"). */
    public static final int MAX_COLLECTION_ALIASES = 20;

    static final List<String> TOP_KEYS =
            List.of("site", "rtsp", "onvif", "mqtt", "access", "users", "audit", "status", "cameras", "sensors", "log",
                    "reload", "clips");
    static final List<String> RTSP_KEYS = List.of("listen", "udp", "sessionTimeout", "requestTimeout", "idleTimeout",
            "maxConnections", "maxUnauthenticatedPerAddress", "maxSessions", "maxSessionsPerAddress", "readerQueue",
            "gopCache", "nonceLifetime", "upstreamLinger", "reconnectMin", "reconnectMax",
            "upstreamTimeout");
    static final List<String> ACCESS_KEYS = List.of("allow", "deny");
    static final List<String> TOP_ACCESS_KEYS = List.of("allow", "deny", "loginFailures");

    /** Keys of earlier releases, with where their meaning went. */
    private static final Map<String, String> MOVED_KEYS = Map.of(
            "rtsp.authFailures", "moved: failed logins of every protocol are limited by access.loginFailures "
                    + "(perAddress, perUser, global, window)",
            "rtsp.maxConnectionsPerAddress", "replaced by rtsp.maxUnauthenticatedPerAddress (connections not yet "
                    + "authenticated; an authenticated recording server may hold up to maxConnections)");

    private ConfigLoader() {
    }

    /** Reads and validates {@code file}; {@code variables} are what {@code ${NAME}} may refer to (usually the environment). */
    public static GatewayConfig load(Path file, Map<String, String> variables) throws ConfigException {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw fileProblem(name, "file is too large: " + size + " bytes (expected: at most " + MAX_BYTES + ")");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw fileProblem(name, "cannot read " + name + ": no such file");
        } catch (CharacterCodingException e) {
            throw fileProblem(name, "cannot read " + name + ": not UTF-8 text");
        } catch (IOException e) {
            throw fileProblem(name, "cannot read " + name + ": " + e);
        }
        return parse(text, name, variables);
    }

    /** Validates YAML text; {@code sourceName} labels it in the exception (a file name). */
    public static GatewayConfig parse(String yaml, String sourceName, Map<String, String> variables)
            throws ConfigException {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(variables, "variables");
        if (yaml.length() > MAX_BYTES) {
            throw fileProblem(sourceName, "file is too large: " + yaml.length() + " characters (expected: at most "
                    + MAX_BYTES + ")");
        }
        YamlBinding b = new YamlBinding(variables, MOVED_KEYS);
        Node root = b.compose(yaml, MAX_BYTES, MAX_COLLECTION_ALIASES);
        GatewayConfig config = b.hasProblems() ? null : new ConfigLoader().bind(root, b);
        if (b.hasProblems() || config == null) {
            throw new ConfigException(sourceName, b.problems());
        }
        return config;
    }

    private static ConfigException fileProblem(String sourceName, String message) {
        return new ConfigException(sourceName, List.of(new ConfigProblem("", 0, message)));
    }

    private GatewayConfig bind(Node root, YamlBinding b) {
        if (root == null || YamlMap.isNull(root)) {
            b.problem("site", 1, "required (the file is empty)");
            return null;
        }
        YamlMap top = YamlMap.of(b, "", root, 1, TOP_KEYS);
        if (b.hasProblems() && !(root instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
            return null;
        }
        String site = top.required("site", "required: a short name for this site, e.g. lab-1");
        if (site != null && !Ids.valid(site)) {
            top.problem("site", Ids.invalid(site));
        }
        RtspConfig rtsp = rtsp(top.map("rtsp", RTSP_KEYS));
        OnvifConfig onvif = OnvifBinder.bind(top.map("onvif", OnvifBinder.KEYS));
        YamlMap mqttMap = top.map("mqtt", MqttBinder.KEYS);
        MqttConfig mqtt = MqttBinder.bind(mqttMap);
        YamlMap accessMap = top.map("access", TOP_ACCESS_KEYS);
        AccessConfig access = access(accessMap, AccessConfig.defaults());
        LoginFailureConfig loginFailures = loginFailures(accessMap.map("loginFailures",
                List.of("perAddress", "perUser", "global", "window")));
        AuditConfig audit = audit(top.map("audit", AUDIT_KEYS));
        LogConfig log = LogBinder.bind(top.map("log", LogBinder.KEYS));
        YamlMap statusMap = top.map("status", List.of("listen"));
        StatusConfig status = new StatusConfig(statusMap.has("listen")
                ? java.util.Optional.ofNullable(statusMap.hostPort("listen", null)) : java.util.Optional.empty());

        ReloadConfig reload = new ReloadConfig(top.map("reload", List.of("watch")).bool("watch", false));
        ClipsConfig clips = ClipsBinder.bind(top);
        java.util.Map<String, List<String>> clipCameras = new java.util.LinkedHashMap<>();

        Set<String> sensorIds = new HashSet<>();
        List<SensorSettings> sensors = new ArrayList<>();
        SensorBinder sensorBinder = SensorKinds.binder();
        for (YamlMap.Item item : top.list("sensors")) {
            YamlMap m = YamlMap.of(b, item.path(), item.node(), 0, sensorBinder.keys());
            if (!m.isMapping()) {
                continue;
            }
            SensorSettings sensor = sensorBinder.bind(m, id(m, "sensor", sensorIds));
            if (sensor != null) {
                sensors.add(sensor);
            }
        }

        List<CameraConfig> cameras = new ArrayList<>();
        Set<String> cameraIds = new HashSet<>();
        CameraBinder cameraBinder = new CameraBinder(b, sensorIds);
        for (YamlMap.Item item : top.list("cameras")) {
            YamlMap m = YamlMap.of(b, item.path(), item.node(), 0, CameraBinder.KEYS);
            if (!m.isMapping()) {
                continue;
            }
            String id = id(m, "camera", cameraIds);
            CameraConfig camera = cameraBinder.bind(m, id);
            if (camera != null) {
                cameras.add(camera);
                ClipsBinder.camera(m, clips, camera.gate()).ifPresent(t -> clipCameras.put(camera.id(), t));
            }
        }

        List<UserConfig> users = new ArrayList<>();
        Set<String> userNames = new HashSet<>();
        for (YamlMap.Item item : top.list("users")) {
            YamlMap m = YamlMap.of(b, item.path(), item.node(), 0, List.of("name", "password", "cameras", "maxSessions",
                    "admin"));
            UserConfig user = m.isMapping() ? user(m, userNames, cameraIds) : null;
            if (user != null) {
                users.add(user);
            }
        }
        if (mqtt != null && mqtt.isEmbedded() && !b.hasProblems()) {
            for (YamlMap.Scalar s : mqttMap.scalars("commandIdentities", "an MQTT user name")) {
                if (!userNames.contains(s.value())) {
                    mqttMap.problemAt(s, "\"" + s.value() + "\" is not in users: a command identity must be a gateway user, "
                            + "whose cameras list says which cameras it may command");
                }
            }
        }
        if (site == null || b.hasProblems()) {
            return null;
        }
        clips = new ClipsConfig(clips.enabled(), clips.dir(), clips.retention(), clips.maxBytes(), clips.maxLength(),
                clips.minFree(), clips.encryptionKey(), clips.listen(), clips.publicUrl(), clipCameras);
        return new GatewayConfig(site, rtsp, onvif, mqtt, access, loginFailures, users, audit, status, cameras, sensors,
                log, reload, clips);
    }

    /** A clips encryption key as written in the configuration (base64 of 32 bytes); for tools such as key rotation. */
    public static javax.crypto.SecretKey clipKey(String base64) {
        return ClipsBinder.key(base64);
    }

    /** Reads the required {@code id} (or, for a user, {@code name}); null after recording the problem. */
    private static String id(YamlMap m, String what, Set<String> seen) {
        return Ids.read(m, what.equals("user") ? "name" : "id", what, seen);
    }

    private static RtspConfig rtsp(YamlMap m) {
        RtspConfig d = RtspConfig.defaults();
        HostPort listen = m.hostPort("listen", d.listen());
        YamlMap udpMap = m.map("udp", List.of("enabled", "rtpPort", "rtcpPort"));
        UdpConfig du = d.udp();
        boolean udpEnabled = udpMap.bool("enabled", du.enabled());
        int rtpPort = udpMap.port("rtpPort", du.rtpPort());
        int rtcpPort = udpMap.port("rtcpPort", du.rtcpPort());
        if (rtpPort % 2 != 0) {
            udpMap.problem("rtpPort", "must be even (got " + rtpPort + "); RTCP usually takes the next port");
        } else if ((rtpPort == 0) != (rtcpPort == 0)) {
            udpMap.problem("rtcpPort", "rtpPort and rtcpPort must both be 0 (any free ports) or both be set");
        } else if (rtpPort != 0 && rtpPort == rtcpPort) {
            udpMap.problem("rtcpPort", "must differ from rtpPort (" + rtpPort + ")");
        }
        int maxConnections = m.positive("maxConnections", d.maxConnections());
        int maxUnauthenticated = m.positive("maxUnauthenticatedPerAddress", d.maxUnauthenticatedPerAddress());
        checkNotAbove(m, "maxUnauthenticatedPerAddress", maxUnauthenticated, "maxConnections", maxConnections);
        int maxSessions = m.positive("maxSessions", d.maxSessions());
        int maxSessionsPerAddress = m.positive("maxSessionsPerAddress", d.maxSessionsPerAddress());
        checkNotAbove(m, "maxSessionsPerAddress", maxSessionsPerAddress, "maxSessions", maxSessions);
        java.time.Duration reconnectMin = m.positiveDuration("reconnectMin", d.reconnectMin());
        java.time.Duration reconnectMax = m.positiveDuration("reconnectMax", d.reconnectMax());
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            m.problem("reconnectMax", "must not be shorter than reconnectMin (" + Durations.format(reconnectMin) + ")");
        }
        return new RtspConfig(listen, new UdpConfig(udpEnabled, rtpPort, rtcpPort),
                m.positiveDuration("sessionTimeout", d.sessionTimeout()),
                m.positiveDuration("requestTimeout", d.requestTimeout()),
                m.positiveDuration("idleTimeout", d.idleTimeout()),
                maxConnections, maxUnauthenticated, maxSessions, maxSessionsPerAddress,
                m.positiveSize("readerQueue", d.readerQueueBytes()),
                m.positiveSize("gopCache", d.gopCacheBytes()),
                m.positiveDuration("nonceLifetime", d.nonceLifetime()),
                m.duration("upstreamLinger", d.upstreamLinger()),
                reconnectMin, reconnectMax,
                m.positiveDuration("upstreamTimeout", d.upstreamTimeout()));
    }

    private static LoginFailureConfig loginFailures(YamlMap m) {
        LoginFailureConfig d = LoginFailureConfig.defaults();
        return new LoginFailureConfig(m.positive("perAddress", d.perAddress()), m.positive("perUser", d.perUser()),
                m.positive("global", d.global()), m.positiveDuration("window", d.window()));
    }

    private static void checkNotAbove(YamlMap m, String key, int value, String limitKey, int limit) {
        if (value > limit) {
            m.problem(key, (m.has(key) ? "must not exceed " : "the default (" + value + ") exceeds ")
                    + limitKey + " (" + limit + ")" + (m.has(key) ? "" : "; set " + key + " too"));
        }
    }

    /** {@code allow} and {@code deny} lists; an explicitly empty allow list admits no one and is refused. */
    static AccessConfig access(YamlMap m, AccessConfig defaults) {
        List<Cidr> allow = defaults.allow();
        if (m.has("allow")) {
            Node n = m.node("allow");
            if (YamlMap.isNull(n) || (n instanceof SequenceNode seq && seq.getValue().isEmpty())) {
                m.problem("allow", "an empty list admits no one; omit the key for the default ("
                        + String.join(", ", defaults.allow().stream().map(Cidr::toString).toList()) + ")");
            }
            allow = cidrs(m, "allow");
        }
        List<Cidr> deny = m.has("deny") ? cidrs(m, "deny") : defaults.deny();
        return new AccessConfig(allow, deny);
    }

    private static List<Cidr> cidrs(YamlMap m, String key) {
        List<Cidr> out = new ArrayList<>();
        for (YamlMap.Scalar s : m.scalars(key, "a CIDR")) {
            try {
                out.add(Cidr.parse(s.value()));
            } catch (IllegalArgumentException e) {
                m.problemAt(s, e.getMessage());
            }
        }
        return out;
    }

    static final List<String> AUDIT_KEYS = List.of("file", "retention", "maxFileSize", "maxTotalSize", "refusals");

    private static AuditConfig audit(YamlMap m) {
        AuditConfig d = AuditConfig.defaults();
        Path file = m.path("file", "a file path", d.file());
        java.time.Duration retention = m.positiveDuration("retention", d.retention());
        long maxFileSize = m.positiveSize("maxFileSize", d.maxFileSize());
        if (maxFileSize < AuditConfig.MIN_FILE_SIZE) {
            m.problem("maxFileSize", "must be at least " + ByteSizes.format(AuditConfig.MIN_FILE_SIZE));
            maxFileSize = d.maxFileSize();
        }
        long maxTotalSize = m.positiveSize("maxTotalSize", d.maxTotalSize());
        if (maxTotalSize < maxFileSize) {
            m.problem("maxTotalSize", (m.has("maxTotalSize") ? "must not be smaller than " : "the default ("
                    + ByteSizes.format(maxTotalSize) + ") is smaller than ") + "maxFileSize (" + ByteSizes.format(maxFileSize)
                    + ")" + (m.has("maxTotalSize") ? "" : "; set maxTotalSize too"));
            maxTotalSize = maxFileSize;
        }
        YamlMap r = m.map("refusals", List.of("limit", "window", "maxAddresses"));
        AuditConfig.Refusals dr = d.refusals();
        int limit = r.positive("limit", dr.limit());
        java.time.Duration window = r.positiveDuration("window", dr.window());
        if (window.compareTo(AuditConfig.Refusals.MAX_WINDOW) > 0) {
            r.problem("window", "must not be longer than " + Durations.format(AuditConfig.Refusals.MAX_WINDOW)
                    + " (a window's summary is written when it ends)");
            window = dr.window();
        }
        int maxAddresses = r.positive("maxAddresses", dr.maxAddresses());
        if (maxAddresses > AuditConfig.Refusals.MAX_ADDRESSES) {
            r.problem("maxAddresses", "must not exceed " + AuditConfig.Refusals.MAX_ADDRESSES
                    + " (each tracked address takes memory)");
            maxAddresses = dr.maxAddresses();
        }
        return new AuditConfig(file, retention, maxFileSize, maxTotalSize,
                new AuditConfig.Refusals(limit, window, maxAddresses));
    }

    private static UserConfig user(YamlMap m, Set<String> names, Set<String> cameraIds) {
        String name = id(m, "user", names);
        String password = null;
        if (!m.has("password")) {
            m.problem("password", "required (e.g. password: ${NVR_PASSWORD})");
        } else {
            YamlMap.Scalar p = m.scalar("password", "a string");
            if (p != null && p.value().isEmpty()) {
                m.problem("password", "must not be empty");
            } else if (p != null) {
                password = p.value();
            }
        }
        if (!m.has("cameras")) {
            m.problem("cameras", "required: a list of camera ids, or [\"*\"] for all");
        }
        List<String> cameras = new ArrayList<>();
        for (YamlMap.Scalar s : m.scalars("cameras", "a camera id or \"*\"")) {
            if (!s.value().equals(UserConfig.ALL_CAMERAS) && !cameraIds.contains(s.value())) {
                m.problemAt(s, "unknown camera \"" + s.value() + "\"" + known(cameraIds, "cameras"));
            } else if (cameras.contains(s.value())) {
                m.problemAt(s, "duplicate camera \"" + s.value() + "\"");
            } else {
                cameras.add(s.value());
            }
        }
        int maxSessions = m.has("maxSessions") ? m.positive("maxSessions", 1) : 0;
        boolean admin = m.bool("admin", false);
        return name == null || password == null ? null
                : new UserConfig(name, password, new java.util.LinkedHashSet<>(cameras), maxSessions, admin);
    }

    static String known(Set<String> ids, String what) {
        return ids.isEmpty() ? " (no " + what + " are configured)" : " (" + what + ": " + String.join(", ", ids.stream().sorted().toList()) + ")";
    }
}
