package org.camgate.sim.site;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.camgate.common.net.HostPort;
import org.camgate.common.yaml.ConfigProblem;
import org.camgate.common.yaml.YamlBinding;
import org.camgate.common.yaml.Ids;
import org.camgate.common.yaml.YamlMap;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.sim.camera.SimCameraConfig;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a scenario file (see {@code conf/scenarios/scenario-*.yaml} and the README's "Test lab" section) into a
 * {@link SiteScenario}, or fails with {@link ScenarioProblems} listing every problem with its YAML path and line.
 * Unknown keys are problems; absent keys take their documented defaults.
 */
public final class SiteScenarioLoader {
    static final int MAX_BYTES = 1 << 20;
    private static final int MAX_ALIASES = 20;
    private static final List<String> TOP = List.of("cameras", "duration", "listen", "loop", "objects", "onvif",
            "sensors", "site", "timeline");
    private static final List<String> CAMERA = List.of("audio", "bitrateKbps", "codec", "fps", "gop", "height", "onvif",
            "password", "path", "username", "view", "width");
    private static final List<String> SENSOR = List.of("id", "loss", "position", "resolution", "target", "type", "view");
    private static final List<String> OBJECT = List.of("id", "kind", "path");
    private static final List<String> WAYPOINT = List.of("at", "x", "y");
    private static final List<String> EVENT = List.of("at", "brightness", "credentials", "fire", "garbage", "junk",
            "loss", "noise", "reboot", "silence", "stall");

    private final YamlBinding binding;

    private SiteScenarioLoader(Map<String, String> variables) {
        this.binding = new YamlBinding(variables);
    }

    /** Reads {@code file}; {@code ${NAME}} in a value takes the environment variable NAME, as in the gateway's configuration. */
    public static SiteScenario load(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new ScenarioProblems(file.toString(),
                    List.of(new ConfigProblem("", 0, "file is too large (expected: at most 1 MB)")));
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Reads scenario text; {@code source} names it in problems (a file name). */
    public static SiteScenario parse(String yaml, String source) {
        return parse(yaml, source, System.getenv());
    }

    /** Reads scenario text with {@code variables} for {@code ${NAME}}. */
    public static SiteScenario parse(String yaml, String source, Map<String, String> variables) {
        return new SiteScenarioLoader(variables).read(yaml, source);
    }

    private SiteScenario read(String yaml, String source) {
        Node root = binding.compose(yaml, MAX_BYTES, MAX_ALIASES);
        if (binding.hasProblems()) {
            throw new ScenarioProblems(source, binding.problems());
        }
        if (root == null || YamlMap.isNull(root)) {
            throw new ScenarioProblems(source,
                    List.of(new ConfigProblem("", 1, "the file is empty (expected: cameras and/or sensors)")));
        }
        YamlMap top = YamlMap.of(binding, "", root, 1, TOP);
        if (!top.isMapping()) {
            throw new ScenarioProblems(source, binding.problems());
        }
        String site = top.value("site", "a name", quoting(SiteScenarioLoader::id), "lab");
        HostPort listen = top.hostPort("listen", new HostPort("127.0.0.1", 8555));
        int onvifPort = top.has("onvif")
                ? top.map("onvif", List.of("listen")).hostPort("listen", new HostPort("127.0.0.1", 8081)).port() : -1;
        Duration duration = top.duration("duration", Duration.ZERO);
        boolean loop = top.bool("loop", true);
        double seconds = duration.toMillis() / 1000.0;

        List<SiteObject> objects = objects(top);
        Map<String, List<double[]>> brightness = new HashMap<>();
        Map<String, List<double[]>> noise = new HashMap<>();
        List<Fire> fires = new ArrayList<>();
        List<Fault> faults = new ArrayList<>();
        List<YamlMap> events = top.maps("timeline", EVENT);
        // Cameras and sensors are read first so the timeline can name them.
        List<YamlMap> cameraItems = top.maps("cameras", CAMERA);
        Set<String> cameraPaths = new LinkedHashSet<>();
        for (YamlMap c : cameraItems) {
            String path = c.string("path", null);
            if (path != null && !cameraPaths.add(path)) {
                c.problem("path", "duplicate camera path \"" + path + "\"");
            }
        }
        List<SiteSensor> sensors = sensors(top);
        Set<String> sensorIds = new LinkedHashSet<>();
        sensors.forEach(s -> sensorIds.add(s.id()));
        for (YamlMap e : events) {
            event(e, seconds, cameraPaths, sensorIds, brightness, noise, fires, faults);
        }
        SiteTimeline timeline = new SiteTimeline(objects, fires, brightness, noise);
        List<SimCameraConfig> cameras = new ArrayList<>();
        Set<String> onvifCameras = new LinkedHashSet<>();
        for (YamlMap c : cameraItems) {
            SimCameraConfig camera = camera(c, timeline, seconds, loop);
            if (camera != null) {
                cameras.add(camera);
                if (c.bool("onvif", false)) {
                    onvifCameras.add(camera.path());
                }
            }
        }
        if (!onvifCameras.isEmpty() && onvifPort < 0) {
            top.problem("onvif", "cameras with onvif: true need onvif: { listen: host:port } at the top");
        }
        if (cameraItems.isEmpty() && sensors.isEmpty() && !binding.hasProblems()) {
            top.problemHere("nothing to simulate (expected: cameras and/or sensors)");
        }
        if (binding.hasProblems()) {
            throw new ScenarioProblems(source, binding.problems());
        }
        return new SiteScenario(site, listen.host(), listen.port(), onvifPort, duration, loop, cameras,
                onvifCameras, sensors, timeline, faults);
    }

    private SimCameraConfig camera(YamlMap c, SiteTimeline timeline, double seconds, boolean loop) {
        String path = c.required("path", "required: the camera's RTSP path, e.g. yard");
        SimCameraConfig d = SimCameraConfig.of(path == null || path.isEmpty() ? "x" : path);
        int width = c.integer("width", d.width(), 16, 4096);
        int height = c.integer("height", d.height(), 16, 4096);
        int fps = c.integer("fps", d.fps(), 1, 60);
        int bitrate = c.integer("bitrateKbps", d.bitrateKbps(), 16, 50_000);
        int gop = c.integer("gop", d.gopFrames(), 1, 600);
        boolean audio = c.bool("audio", false);
        String user = c.string("username", null);
        String password = c.string("password", null);
        NalCodec codec = c.value("codec", "h264 or h265", quoting(v -> switch (v) {
            case "h264" -> NalCodec.H264;
            case "h265" -> NalCodec.H265;
            default -> throw new IllegalArgumentException("unknown codec (expected: h264 or h265)");
        }), NalCodec.H264);
        CameraView view = view(c);
        if (view != null && seconds <= 0) {
            c.problem("view", "a camera with a view needs the scenario's duration (e.g. duration: 60s)");
        }
        if (path == null) {
            return null;
        }
        try {
            SimCameraConfig camera = new SimCameraConfig(path, width, height, fps, bitrate, gop, audio, user, password)
                    .withCodec(codec);
            return view == null || seconds <= 0 ? camera
                    : camera.withScene(new SiteCameraScene(camera.path(), view, timeline, seconds, loop));
        } catch (IllegalArgumentException e) {
            c.problemHere(e.getMessage());
            return null;
        }
    }

    private CameraView view(YamlMap s) {
        double[] v = s.numbers("view", 4, "[x0, y0, x1, y1] in site metres");
        if (v == null) {
            return null;
        }
        try {
            return new CameraView(v[0], v[1], v[2], v[3]);
        } catch (IllegalArgumentException e) {
            s.problem("view", e.getMessage());
            return null;
        }
    }

    private List<SiteSensor> sensors(YamlMap top) {
        List<SiteSensor> out = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (YamlMap s : top.maps("sensors", SENSOR)) {
            String id = s.required("id", "required: the sensor id the gateway knows it by");
            if (id != null && !Ids.valid(id)) {
                s.problem("id", Ids.invalid(id));
            } else if (id != null && !ids.add(id)) {
                s.problem("id", "duplicate sensor id \"" + id + "\"");
            }
            String type = s.value("type", "radar, lidar or thermal", quoting(v -> {
                if (!Set.of("radar", "lidar", "thermal").contains(v)) {
                    throw new IllegalArgumentException("unknown sensor type (expected: radar, lidar or thermal)");
                }
                return v;
            }), null);
            if (!s.has("type")) {
                s.problem("type", "required: radar, lidar or thermal");
            }
            InetSocketAddress target = s.value("target", "udp://host:port", quoting(SiteScenarioLoader::udpTarget), null);
            if (!s.has("target")) {
                s.problem("target", "required: where the gateway listens for it, e.g. udp://127.0.0.1:9101");
            }
            double[] position = s.numbers("position", 2, "[x, y] in site metres");
            CameraView view = view(s);
            int[] resolution = s.value("resolution", "32x24, 80x60 or 160x120", quoting(v -> switch (v) {
                case "32x24" -> new int[] {32, 24};
                case "80x60" -> new int[] {80, 60};
                case "160x120" -> new int[] {160, 120};
                default -> throw new IllegalArgumentException("unsupported (expected: 32x24, 80x60 or 160x120)");
            }), new int[] {32, 24});
            double loss = s.number("loss", 0);
            if (loss < 0 || loss > 1) {
                s.problem("loss", "must be a probability from 0 to 1");
            }
            if ("thermal".equals(type) && view == null) {
                s.problem("view", "required for a thermal sensor: [x0, y0, x1, y1], the ground its pixels cover");
            }
            if (id != null && type != null && target != null) {
                out.add(new SiteSensor(id, type, target, position == null ? 0 : position[0],
                        position == null ? 0 : position[1], view, resolution[0], resolution[1], loss));
            }
        }
        return out;
    }

    private List<SiteObject> objects(YamlMap top) {
        List<SiteObject> out = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (YamlMap o : top.maps("objects", OBJECT)) {
            String id = o.required("id", "required: a name for the object, e.g. intruder");
            if (id != null && !ids.add(id)) {
                o.problem("id", "duplicate object id \"" + id + "\"");
            }
            SiteObject.Kind kind = o.value("kind", "person or car", quoting(v -> switch (v) {
                case "person" -> SiteObject.Kind.PERSON;
                case "car" -> SiteObject.Kind.CAR;
                default -> throw new IllegalArgumentException("unknown kind (expected: person or car)");
            }), SiteObject.Kind.PERSON);
            List<SiteObject.Waypoint> path = new ArrayList<>();
            for (YamlMap w : o.maps("path", WAYPOINT)) {
                Duration at = w.duration("at", null);
                if (!w.has("at") || !w.has("x") || !w.has("y")) {
                    w.problemHere("a waypoint needs at, x and y, e.g. { at: 5s, x: 0, y: 3 }");
                    continue;
                }
                if (at != null) {
                    path.add(new SiteObject.Waypoint(at.toMillis() / 1000.0, w.number("x", 0), w.number("y", 0)));
                }
            }
            if (id == null) {
                continue;
            }
            try {
                out.add(new SiteObject(id, kind, path));
            } catch (IllegalArgumentException e) {
                o.problem("path", e.getMessage());
            }
        }
        return out;
    }

    private void event(YamlMap e, double seconds, Set<String> cameras, Set<String> sensors,
                       Map<String, List<double[]>> brightness, Map<String, List<double[]>> noise, List<Fire> fires,
                       List<Fault> faults) {
        Duration atDuration = e.duration("at", null);
        if (!e.has("at")) {
            e.problem("at", "required: when it happens, e.g. at: 20s");
        }
        List<String> actions = EVENT.stream().filter(k -> !k.equals("at") && e.has(k)).sorted().toList();
        if (actions.size() != 1) {
            e.problemHere("expected exactly one of: brightness, credentials, fire, garbage, junk, loss, noise, reboot, "
                    + "silence, stall" + (actions.isEmpty() ? "" : " (found: " + String.join(", ", actions) + ")"));
            return;
        }
        if (atDuration == null) {
            return;
        }
        double at = atDuration.toMillis() / 1000.0;
        if (seconds > 0 && at >= seconds) {
            e.problem("at", "is past the end of the timeline (duration " + seconds + "s)");
        }
        String action = actions.get(0);
        YamlMap a = e.map(action, switch (action) {
            case "brightness" -> List.of("camera", "delta");
            case "noise" -> List.of("amplitude", "camera", "for");
            case "fire" -> List.of("max", "radius", "rise", "start", "x", "y");
            case "garbage" -> List.of("camera");
            case "loss" -> List.of("camera", "for", "rate");
            case "silence", "junk" -> List.of("for", "sensor");
            default -> List.of("camera", "for");
        });
        if (action.equals("fire")) {
            try {
                fires.add(new Fire(at, a.number("x", 0), a.number("y", 0), a.number("start", 40), a.number("rise", 2),
                        a.number("max", 400), a.number("radius", 1.5)));
            } catch (IllegalArgumentException ex) {
                a.problemHere(ex.getMessage());
            }
            return;
        }
        boolean onSensor = Fault.SENSOR_ACTIONS.contains(action);
        String key = onSensor ? "sensor" : "camera";
        String target = a.required(key, "required: which " + key + (onSensor ? " (its id)" : " (its path)"));
        if (target != null && !(onSensor ? sensors : cameras).contains(target)) {
            a.problem(key, "unknown " + key + " \"" + target + "\" (" + key + "s: "
                    + String.join(", ", onSensor ? sensors : cameras) + ")");
        }
        Duration length = a.duration("for", Duration.ZERO);
        if (!action.equals("garbage") && !action.equals("brightness") && !a.has("for")) {
            a.problem("for", "required: how long it lasts, e.g. for: 5s");
        }
        switch (action) {
            case "brightness" -> brightness.computeIfAbsent(target, k -> new ArrayList<>())
                    .add(new double[] {at, a.integer("delta", 40, -200, 200)});
            case "noise" -> noise.computeIfAbsent(target, k -> new ArrayList<>())
                    .add(new double[] {at, at + length.toMillis() / 1000.0, a.integer("amplitude", 10, 1, 100)});
            default -> {
                double rate = action.equals("loss") ? a.number("rate", 0.05) : 0;
                if (rate < 0 || rate > 1) {
                    a.problem("rate", "must be a probability from 0 to 1");
                }
                if (target != null) {
                    faults.add(new Fault(at, action, target, length, rate));
                }
            }
        }
    }

    private static String id(String v) {
        if (!Ids.valid(v)) {
            throw new IllegalArgumentException("invalid name (expected 1-64 letters, digits, _ or -, starting with a letter or digit)");
        }
        return v;
    }

    /** The parser's message prefixed with the value it refused: {@code "bus": unknown kind (...)}. */
    private static <T> Function<String, T> quoting(Function<String, T> parser) {
        return v -> {
            try {
                return parser.apply(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + v + "\": " + e.getMessage(), e);
            }
        };
    }

    private static InetSocketAddress udpTarget(String v) {
        URI uri;
        try {
            uri = new URI(v);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (expected udp://host:port)");
        }
        if (!"udp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("expected udp://host:port, e.g. udp://127.0.0.1:9101");
        }
        return InetSocketAddress.createUnresolved(uri.getHost().replace("[", "").replace("]", ""), uri.getPort());
    }
}
