package org.camgate.sim;

import org.camgate.protocol.rtp.NalCodec;
import org.camgate.sim.camera.SimCameraConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario YAML ({@code listen: host:port}, {@code cameras: [...]}). Unknown keys, wrong
 * types and invalid values are errors naming the key and its line; nothing is silently defaulted
 * except keys left out.
 */
public final class ScenarioLoader {
    private static final Set<String> TOP_KEYS = Set.of("listen", "cameras");
    private static final Set<String> CAMERA_KEYS = Set.of("path", "width", "height", "fps", "bitrateKbps", "gop",
            "audio", "username", "password", "codec");

    private ScenarioLoader() {
    }

    public static Scenario load(String yaml) {
        return load(new StringReader(yaml));
    }

    public static Scenario load(Reader reader) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (YAMLException e) {
            throw new ScenarioException("not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new ScenarioException("line 1: expected a mapping with listen and cameras");
        }
        Map<String, Node> top = fields(mapping, "", TOP_KEYS);
        String listen = top.containsKey("listen") ? scalar(top.get("listen"), "listen") : "127.0.0.1:8555";
        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || !listen.substring(colon + 1).matches("\\d{1,5}")
                || Integer.parseInt(listen.substring(colon + 1)) > 65535) {
            throw error(top.get("listen"), "listen", "'" + listen + "' (expected: host:port)");
        }
        String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        if (!(top.get("cameras") instanceof SequenceNode list) || list.getValue().isEmpty()) {
            throw error(top.getOrDefault("cameras", mapping), "cameras", "missing or empty (expected: a list of cameras)");
        }
        List<SimCameraConfig> cameras = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            cameras.add(camera(list.getValue().get(i), "cameras[" + i + "]"));
        }
        return new Scenario(host, Integer.parseInt(listen.substring(colon + 1)), cameras);
    }

    private static SimCameraConfig camera(Node node, String key) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, key, "expected a mapping");
        }
        Map<String, Node> f = fields(mapping, key + ".", CAMERA_KEYS);
        if (!f.containsKey("path")) {
            throw error(node, key + ".path", "missing");
        }
        SimCameraConfig defaults = SimCameraConfig.of(scalar(f.get("path"), key + ".path"));
        try {
            return new SimCameraConfig(defaults.path(),
                    integer(f, "width", key, defaults.width()), integer(f, "height", key, defaults.height()),
                    integer(f, "fps", key, defaults.fps()), integer(f, "bitrateKbps", key, defaults.bitrateKbps()),
                    integer(f, "gop", key, defaults.gopFrames()), bool(f, "audio", key),
                    f.containsKey("username") ? scalar(f.get("username"), key + ".username") : null,
                    f.containsKey("password") ? scalar(f.get("password"), key + ".password") : null)
                    .withCodec(codec(f, key));
        } catch (IllegalArgumentException e) {
            throw error(node, key, e.getMessage());
        }
    }

    private static NalCodec codec(Map<String, Node> f, String key) {
        if (!f.containsKey("codec")) {
            return NalCodec.H264;
        }
        String value = scalar(f.get("codec"), key + ".codec");
        return switch (value) {
            case "h264" -> NalCodec.H264;
            case "h265" -> NalCodec.H265;
            default -> throw error(f.get("codec"), key + ".codec", "'" + value + "' (expected: h264 or h265)");
        };
    }

    private static Map<String, Node> fields(MappingNode mapping, String prefix, Set<String> allowed) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String name = scalar(tuple.getKeyNode(), prefix + "(key)");
            if (!allowed.contains(name)) {
                throw error(tuple.getKeyNode(), prefix + name,
                        "unknown key (expected one of: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
            if (fields.put(name, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), prefix + name, "duplicate key");
            }
        }
        return fields;
    }

    private static int integer(Map<String, Node> f, String name, String key, int fallback) {
        if (!f.containsKey(name)) {
            return fallback;
        }
        String value = scalar(f.get(name), key + "." + name);
        if (!value.matches("-?\\d{1,9}")) {
            throw error(f.get(name), key + "." + name, "'" + value + "' (expected: a whole number)");
        }
        return Integer.parseInt(value);
    }

    private static boolean bool(Map<String, Node> f, String name, String key) {
        if (!f.containsKey(name)) {
            return false;
        }
        String value = scalar(f.get(name), key + "." + name);
        if (!value.equals("true") && !value.equals("false")) {
            throw error(f.get(name), key + "." + name, "'" + value + "' (expected: true or false)");
        }
        return Boolean.parseBoolean(value);
    }

    private static String scalar(Node node, String key) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, key, "expected a single value");
        }
        return scalar.getValue();
    }

    private static ScenarioException error(Node node, String key, String problem) {
        return new ScenarioException("line " + (node.getStartMark().getLine() + 1) + ": " + key + ": " + problem);
    }
}
