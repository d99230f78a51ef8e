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
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.sim.camera.SimCameraConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a scenario file (see {@code conf/scenarios/scenario-*.yaml} and the README's "Test lab" section) into a
 * {@link SiteScenario}, or fails with {@link ScenarioProblems} listing every problem with its YAML path and line.
 * Unknown keys are problems; absent keys take their documented defaults.
 */
public final class SiteScenarioLoader {
    static final int MAX_BYTES = 1 << 20;
    private static final Set<String> TOP = Set.of("site", "listen", "onvif", "duration", "loop", "cameras", "sensors",
            "objects", "timeline");
    private static final Set<String> CAMERA = Set.of("path", "width", "height", "fps", "bitrateKbps", "gop", "audio",
            "username", "password", "codec", "view", "onvif");
    private static final Set<String> SENSOR = Set.of("id", "type", "target", "position", "view", "resolution", "loss");
    private static final Set<String> OBJECT = Set.of("id", "kind", "path");
    private static final Set<String> WAYPOINT = Set.of("at", "x", "y");
    private static final Set<String> EVENT = Set.of("at", "brightness", "noise", "fire", "reboot", "stall",
            "credentials", "garbage", "loss", "silence", "junk");
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

    private final ScenarioProblems.Collector problems = new ScenarioProblems.Collector();

    private SiteScenarioLoader() {
    }

    public static SiteScenario load(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new ScenarioProblems(file.toString(), List.of("(line 1): file is too large (expected: at most 1 MB)"));
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static SiteScenario parse(String yaml, String source) {
        return new SiteScenarioLoader().read(yaml, source);
    }

    private SiteScenario read(String yaml, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(MAX_BYTES);
        Node root;
        try {
            root = new Yaml(options).compose(new java.io.StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new ScenarioProblems(source, List.of("(line " + line + "): invalid YAML: " + e.getProblem()));
        } catch (YAMLException e) {
            throw new ScenarioProblems(source, List.of("(line 1): invalid YAML: " + e.getMessage()));
        }
        if (root == null) {
            throw new ScenarioProblems(source, List.of("(line 1): the file is empty (expected: cameras and/or sensors)"));
        }
        YamlSection top = YamlSection.of(problems, "", root, TOP);
        String site = top.value("site", "a name", v -> id(v), "lab");
        InetSocketAddress listen = top.value("listen", "host:port", SiteScenarioLoader::hostPort,
                new InetSocketAddress("127.0.0.1", 8555));
        int onvifPort = top.has("onvif")
                ? top.map("onvif", Set.of("listen")).value("listen", "host:port", SiteScenarioLoader::hostPort,
                        new InetSocketAddress("127.0.0.1", 8081)).getPort() : -1;
        Duration duration = top.duration("duration", Duration.ZERO);
        boolean loop = top.bool("loop", true);
        double seconds = duration.toMillis() / 1000.0;

        List<SiteObject> objects = objects(top);
        Map<String, List<double[]>> brightness = new HashMap<>();
        Map<String, List<double[]>> noise = new HashMap<>();
        List<Fire> fires = new ArrayList<>();
        List<Fault> faults = new ArrayList<>();
        List<YamlSection> events = top.list("timeline", EVENT);
        // Cameras and sensors are read first so the timeline can name them.
        List<YamlSection> cameraItems = top.list("cameras", CAMERA);
        Set<String> cameraPaths = new LinkedHashSet<>();
        for (YamlSection c : cameraItems) {
            String path = c.string("path", null);
            if (path != null && !cameraPaths.add(path)) {
                c.problem("path", "duplicate camera path \"" + path + "\"");
            }
        }
        List<SiteSensor> sensors = sensors(top);
        Set<String> sensorIds = new LinkedHashSet<>();
        sensors.forEach(s -> sensorIds.add(s.id()));
        for (YamlSection e : events) {
            event(e, seconds, cameraPaths, sensorIds, brightness, noise, fires, faults);
        }
        SiteTimeline timeline = new SiteTimeline(objects, fires, brightness, noise);
        List<SimCameraConfig> cameras = new ArrayList<>();
        Set<String> onvifCameras = new LinkedHashSet<>();
        for (YamlSection c : cameraItems) {
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
        if (cameraItems.isEmpty() && sensors.isEmpty() && problems.isEmpty()) {
            top.problem(null, "nothing to simulate (expected: cameras and/or sensors)");
        }
        problems.throwIfAny(source);
        return new SiteScenario(site, listen.getHostString(), listen.getPort(), onvifPort, duration, loop, cameras,
                onvifCameras, sensors, timeline, faults);
    }

    private SimCameraConfig camera(YamlSection c, SiteTimeline timeline, double seconds, boolean loop) {
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
        NalCodec codec = c.value("codec", "h264 or h265", v -> switch (v) {
            case "h264" -> NalCodec.H264;
            case "h265" -> NalCodec.H265;
            default -> throw new IllegalArgumentException("unknown codec (expected: h264 or h265)");
        }, NalCodec.H264);
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
            c.problem(null, e.getMessage());
            return null;
        }
    }

    private CameraView view(YamlSection s) {
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

    private List<SiteSensor> sensors(YamlSection top) {
        List<SiteSensor> out = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (YamlSection s : top.list("sensors", SENSOR)) {
            String id = s.required("id", "required: the sensor id the gateway knows it by");
            if (id != null && !id.matches(ID)) {
                s.problem("id", "invalid id \"" + id + "\" (expected 1-64 letters, digits, _ or -)");
            } else if (id != null && !ids.add(id)) {
                s.problem("id", "duplicate sensor id \"" + id + "\"");
            }
            String type = s.value("type", "radar, lidar or thermal", v -> {
                if (!Set.of("radar", "lidar", "thermal").contains(v)) {
                    throw new IllegalArgumentException("unknown sensor type (expected: radar, lidar or thermal)");
                }
                return v;
            }, null);
            if (!s.has("type")) {
                s.problem("type", "required: radar, lidar or thermal");
            }
            InetSocketAddress target = s.value("target", "udp://host:port", SiteScenarioLoader::udpTarget, null);
            if (!s.has("target")) {
                s.problem("target", "required: where the gateway listens for it, e.g. udp://127.0.0.1:9101");
            }
            double[] position = s.numbers("position", 2, "[x, y] in site metres");
            CameraView view = view(s);
            int[] resolution = s.value("resolution", "32x24, 80x60 or 160x120", v -> switch (v) {
                case "32x24" -> new int[] {32, 24};
                case "80x60" -> new int[] {80, 60};
                case "160x120" -> new int[] {160, 120};
                default -> throw new IllegalArgumentException("unsupported (expected: 32x24, 80x60 or 160x120)");
            }, new int[] {32, 24});
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

    private List<SiteObject> objects(YamlSection top) {
        List<SiteObject> out = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (YamlSection o : top.list("objects", OBJECT)) {
            String id = o.required("id", "required: a name for the object, e.g. intruder");
            if (id != null && !ids.add(id)) {
                o.problem("id", "duplicate object id \"" + id + "\"");
            }
            SiteObject.Kind kind = o.value("kind", "person or car", v -> switch (v) {
                case "person" -> SiteObject.Kind.PERSON;
                case "car" -> SiteObject.Kind.CAR;
                default -> throw new IllegalArgumentException("unknown kind (expected: person or car)");
            }, SiteObject.Kind.PERSON);
            List<SiteObject.Waypoint> path = new ArrayList<>();
            for (YamlSection w : o.list("path", WAYPOINT)) {
                Duration at = w.duration("at", null);
                if (!w.has("at") || !w.has("x") || !w.has("y")) {
                    w.problem(null, "a waypoint needs at, x and y, e.g. { at: 5s, x: 0, y: 3 }");
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

    private void event(YamlSection e, double seconds, Set<String> cameras, Set<String> sensors,
                       Map<String, List<double[]>> brightness, Map<String, List<double[]>> noise, List<Fire> fires,
                       List<Fault> faults) {
        Duration atDuration = e.duration("at", null);
        if (!e.has("at")) {
            e.problem("at", "required: when it happens, e.g. at: 20s");
        }
        List<String> actions = EVENT.stream().filter(k -> !k.equals("at") && e.has(k)).sorted().toList();
        if (actions.size() != 1) {
            e.problem(null, "expected exactly one of: brightness, credentials, fire, garbage, junk, loss, noise, reboot, "
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
        YamlSection a = e.map(action, switch (action) {
            case "brightness" -> Set.of("camera", "delta");
            case "noise" -> Set.of("camera", "amplitude", "for");
            case "fire" -> Set.of("x", "y", "start", "rise", "max", "radius");
            case "garbage" -> Set.of("camera");
            case "loss" -> Set.of("camera", "rate", "for");
            case "silence", "junk" -> Set.of("sensor", "for");
            default -> Set.of("camera", "for");
        });
        if (action.equals("fire")) {
            try {
                fires.add(new Fire(at, a.number("x", 0), a.number("y", 0), a.number("start", 40), a.number("rise", 2),
                        a.number("max", 400), a.number("radius", 1.5)));
            } catch (IllegalArgumentException ex) {
                a.problem(null, ex.getMessage());
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
        if (!v.matches(ID)) {
            throw new IllegalArgumentException("invalid name (expected 1-64 letters, digits, _ or -)");
        }
        return v;
    }

    static InetSocketAddress hostPort(String v) {
        int colon = v.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected host:port, e.g. 127.0.0.1:8555");
        }
        String host = v.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range (expected: 0 to 65535)");
        }
        return InetSocketAddress.createUnresolved(host, port);
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
