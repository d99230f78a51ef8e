package org.camgate.config;

import org.camgate.common.yaml.Ids;
import org.camgate.common.yaml.YamlMap;
import org.camgate.common.yaml.YamlBinding;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Binds one {@code cameras[]} entry: source, audio, transport, gate, access, motion, allowBasic, onDemand and
 * signalLossAfter.
 */
final class CameraBinder {
    static final List<String> KEYS = List.of("id", "purpose", "source", "audio", "transport", "gate", "access", "motion",
            "allowBasic", "onDemand", "signalLossAfter", "clips");
    static final String PURPOSE_REQUIRED =
            "required: say what this camera is for, e.g. \"Prevent theft at the main entrance\"";
    private static final String RTSP_EXPECTED = "rtsp://... or rtsps://...";
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z_][\\w.-]*:[\\w.-]+(/[\\w.-]+)*");
    private static final Pattern ITEM = Pattern.compile("[A-Za-z_][\\w.-]*");
    private static final Pattern SENSOR_TRIGGER = Pattern.compile("sensor:([^/]*)(?:/(.*))?");
    private static final String TRIGGERS_EXPECTED = "expected one of: motion, camera-motion, camera-field, camera-line, manual, sensor:<id>, sensor:<id>/<zone>";

    static final List<String> GATE_KEYS = List.of("mode", "triggers", "preRoll", "postRoll", "preRollBytes", "schedule",
            "maxOpen", "whileShut");
    static final String TIMEZONE_REQUIRED = "required: the site's time zone the windows are written in, e.g. Europe/Stockholm";

    private final YamlBinding binding;
    private final Set<String> sensorIds;

    CameraBinder(YamlBinding binding, Set<String> sensorIds) {
        this.binding = binding;
        this.sensorIds = sensorIds;
    }

    /** The camera, or null when something is wrong (the problems are recorded). */
    CameraConfig bind(YamlMap m, String id) {
        String purpose = m.required("purpose", PURPOSE_REQUIRED);
        SourceConfig source = source(m);
        AudioPolicy audio = m.enumValue("audio", AudioPolicy.class, "audio policy", AudioPolicy.STRIP);
        UpstreamTransport transport = m.enumValue("transport", UpstreamTransport.class, "transport", UpstreamTransport.TCP);
        GateConfig gate = gate(m.map("gate", GATE_KEYS), source);
        Optional<AccessConfig> access = m.has("access")
                ? Optional.of(ConfigLoader.access(m.map("access", ConfigLoader.ACCESS_KEYS), AccessConfig.everywhere()))
                : Optional.empty();
        Optional<MotionConfig> motion = m.has("motion")
                ? Optional.of(new MotionBinder(binding).bind(m.map("motion", MotionBinder.KEYS)))
                : gate.effectiveTriggers().contains(GateConfig.MOTION) ? Optional.of(MotionConfig.defaults()) : Optional.empty();
        boolean allowBasic = m.bool("allowBasic", false);
        boolean onDemand = m.bool("onDemand", false);
        java.time.Duration signalLossAfter = m.positiveDuration("signalLossAfter", CameraConfig.DEFAULT_SIGNAL_LOSS_AFTER);
        if (id == null || purpose == null || source == null) {
            return null;
        }
        return new CameraConfig(id, purpose.strip(), source, audio, transport, gate, access, motion, allowBasic, onDemand,
                signalLossAfter);
    }

    private SourceConfig source(YamlMap m) {
        if (!m.has("source")) {
            m.problem("source", "required: an rtsp:// URL, or { onvif: { url, username, password } }");
            return null;
        }
        Node n = m.node("source");
        if (!(n instanceof MappingNode)) {
            YamlMap.Scalar s = m.scalar("source", "an rtsp:// URL or a mapping");
            if (s == null) {
                return null;
            }
            try {
                Urls.Parsed p = Urls.parse(s.value(), List.of("rtsp", "rtsps"), RTSP_EXPECTED);
                return new SourceConfig.Rtsp(p.uri(), p.username(), p.password());
            } catch (IllegalArgumentException e) {
                m.problemAt(s, e.getMessage());
                return null;
            }
        }
        YamlMap kinds = m.map("source", List.of("rtsp", "onvif"));
        if (kinds.has("rtsp") == kinds.has("onvif")) {
            binding.problem(kinds.path(), n, "expected exactly one of: rtsp, onvif");
            return null;
        }
        if (kinds.has("rtsp")) {
            YamlMap r = kinds.map("rtsp", List.of("url", "username", "password"));
            Urls.Parsed p = url(r, List.of("rtsp", "rtsps"), RTSP_EXPECTED);
            return p == null ? null : new SourceConfig.Rtsp(p.uri(), p.username(), p.password());
        }
        YamlMap o = kinds.map("onvif", List.of("url", "username", "password", "profile", "motionTopics", "topicFilter"));
        Urls.Parsed p = url(o, List.of("http", "https"), "http://... or https://... (the device service URL)");
        String profile = o.string("profile", "");
        boolean topicFilter = o.bool("topicFilter", true);
        List<SourceConfig.MotionTopic> topics = motionTopics(o, topicFilter);
        return p == null ? null : new SourceConfig.Onvif(p.uri(), p.username(), p.password(), profile, topics, topicFilter);
    }

    /** {@code motionTopics: [{topic, item, namespace}]}: vendor topics read as motion; bad entries are problems. */
    private List<SourceConfig.MotionTopic> motionTopics(YamlMap o, boolean topicFilter) {
        List<SourceConfig.MotionTopic> out = new ArrayList<>();
        for (YamlMap.Item item : o.list("motionTopics")) {
            YamlMap t = YamlMap.of(o.binding(), item.path(), item.node(), o.line(), List.of("topic", "item", "namespace"));
            if (!t.isMapping()) {
                continue;
            }
            String topic = t.required("topic", "required: the topic as the camera writes it, e.g. tns1:RuleEngine/MyVendor/Motion");
            String name = t.required("item", "required: the boolean Data item that says whether motion is present, e.g. Active");
            String namespace = t.string("namespace", "");
            if (topic == null || name == null) {
                continue;
            }
            if (!TOPIC.matcher(topic).matches()) {
                t.problem("topic", "invalid topic \"" + topic + "\" (expected a prefix and a path, e.g. tns1:RuleEngine/MyVendor/Motion)");
                continue;
            }
            if (!ITEM.matcher(name).matches()) {
                t.problem("item", "invalid item name \"" + name + "\" (expected letters, digits, _, - or .)");
                continue;
            }
            SourceConfig.MotionTopic mt = new SourceConfig.MotionTopic(topic, name, namespace);
            if (topicFilter && namespace.isEmpty() && !mt.prefix().equals("tns1")) {
                t.problem("topic", "the prefix \"" + mt.prefix() + "\" is not tns1: give namespace (the URI the camera "
                        + "binds it to, for the subscription's topic filter), or set topicFilter: false");
                continue;
            }
            if (out.stream().anyMatch(x -> x.topic().equals(topic))) {
                t.problem("topic", "duplicate topic \"" + topic + "\"");
                continue;
            }
            out.add(mt);
        }
        return out;
    }

    /** {@code url} with optional {@code username}/{@code password} keys (or credentials in the URL, not both). */
    private static Urls.Parsed url(YamlMap m, List<String> schemes, String expected) {
        String username = m.string("username", "");
        String password = m.string("password", "");
        if (!m.has("url")) {
            m.problem("url", "required: the " + schemes.get(0) + ":// address");
            return null;
        }
        YamlMap.Scalar s = m.scalar("url", "a URL");
        if (s == null) {
            return null;
        }
        try {
            Urls.Parsed p = Urls.parse(s.value(), schemes, expected);
            if (p.hadUserInfo() && (m.has("username") || m.has("password"))) {
                m.problemAt(s, "credentials both in the URL and in username/password; keep one");
                return null;
            }
            return p.hadUserInfo() ? p : new Urls.Parsed(p.uri(), username, password, false);
        } catch (IllegalArgumentException e) {
            m.problemAt(s, e.getMessage());
            return null;
        }
    }

    private GateConfig gate(YamlMap m, SourceConfig source) {
        GateConfig d = GateConfig.defaults();
        GateMode mode = m.enumValue("mode", GateMode.class, "gate mode", d.mode());
        List<String> triggers = new ArrayList<>();
        for (YamlMap.Scalar s : m.scalars("triggers", "a trigger")) {
            String t = s.value();
            String problem = checkTrigger(t, source);
            if (problem != null) {
                m.problemAt(s, problem);
            } else if (triggers.contains(t)) {
                m.problemAt(s, "duplicate trigger \"" + t + "\"");
            } else {
                triggers.add(t);
            }
        }
        if (mode == GateMode.TRIGGERS && !m.has("triggers")) {
            m.problem("triggers", "required with mode triggers: list what opens the gate (" + TRIGGERS_EXPECTED + ")");
        } else if (mode == GateMode.TRIGGERS && m.list("triggers").isEmpty()) {
            m.problem("triggers", "must not be empty with mode triggers (" + TRIGGERS_EXPECTED + ")");
        }
        Duration preRoll = m.duration("preRoll", d.preRoll());
        Duration postRoll = m.duration("postRoll", d.postRoll());
        long preRollBytes = m.positiveSize("preRollBytes", d.preRollBytes());
        Optional<ScheduleConfig> schedule = m.has("schedule") ? schedule(m.map("schedule", List.of("timezone", "windows")))
                : Optional.empty();
        if (mode == GateMode.ALWAYS && schedule.isPresent()) {
            m.problem("schedule", "has no effect with mode always (video always flows); use mode motion or triggers");
        }
        Optional<Duration> maxOpen = Optional.ofNullable(m.duration("maxOpen", null));
        if (maxOpen.isPresent() && maxOpen.get().isZero()) {
            m.problem("maxOpen", "must be longer than 0s (omit maxOpen for no limit)");
            maxOpen = Optional.empty();
        }
        if (mode == GateMode.ALWAYS && m.has("maxOpen")) {
            m.problem("maxOpen", "has no effect with mode always (video always flows); use mode motion or triggers");
        }
        WhileShut whileShut = m.enumValue("whileShut", WhileShut.class, "while-shut behaviour", WhileShut.SILENCE);
        if (mode == GateMode.ALWAYS && m.has("whileShut")) {
            m.problem("whileShut", "has no effect with mode always (the gate never shuts); use mode motion or triggers");
        }
        return new GateConfig(mode, triggers, preRoll, postRoll, schedule, preRollBytes, maxOpen, whileShut);
    }

    private Optional<ScheduleConfig> schedule(YamlMap m) {
        ZoneId zone = null;
        if (!m.has("timezone")) {
            m.problem("timezone", TIMEZONE_REQUIRED);
        } else {
            YamlMap.Scalar s = m.scalar("timezone", "a time zone");
            if (s != null) {
                try {
                    zone = ZoneId.of(s.value());
                } catch (java.time.DateTimeException e) {
                    m.problemAt(s, "unknown time zone \"" + s.value() + "\" (expected a region like Europe/Stockholm, or UTC)");
                }
            }
        }
        List<WeeklyWindow> windows = new ArrayList<>();
        boolean bad = false;
        for (YamlMap.Scalar s : m.scalars("windows", "a window like \"mon-fri 18:00-07:00\"")) {
            try {
                windows.add(WeeklyWindow.parse(s.value()));
            } catch (IllegalArgumentException e) {
                m.problemAt(s, e.getMessage());
                bad = true;
            }
        }
        if (!m.has("windows")) {
            m.problem("windows", "required: at least one window, e.g. [\"mon-fri 18:00-07:00\", \"sat,sun 00:00-24:00\"]");
            return Optional.empty();
        }
        if (m.node("windows") instanceof org.yaml.snakeyaml.nodes.SequenceNode seq && seq.getValue().isEmpty()) {
            m.problem("windows", "must not be empty: the gate would never open (remove schedule to allow all times)");
            return Optional.empty();
        }
        return zone == null || windows.isEmpty() ? Optional.empty() : Optional.of(new ScheduleConfig(zone, windows));
    }

    /** Null when the trigger is fine, else the problem. */
    private String checkTrigger(String t, SourceConfig source) {
        if (t.equals(GateConfig.MOTION) || t.equals(GateConfig.MANUAL)) {
            return null;
        }
        if (GateConfig.CAMERA_TRIGGERS.contains(t)) {
            return source == null || source instanceof SourceConfig.Onvif ? null
                    : t + " needs an onvif source (it comes from the camera's ONVIF events)";
        }
        Matcher sm = SENSOR_TRIGGER.matcher(t);
        if (!sm.matches()) {
            return "unknown trigger \"" + t + "\" (" + TRIGGERS_EXPECTED + ")";
        }
        String sensor = sm.group(1);
        String zone = sm.group(2);
        if (!Ids.valid(sensor) || (zone != null && !Ids.valid(zone))) {
            return "invalid trigger \"" + t + "\": sensor id and zone are 1-64 letters, digits, _ or -";
        }
        if (!sensorIds.contains(sensor)) {
            return "unknown sensor \"" + sensor + "\"" + ConfigLoader.known(sensorIds, "sensors");
        }
        return null;
    }
}
