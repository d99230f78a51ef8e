package org.camgate.sim.site;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.camgate.sim.load.DurationConverter;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One YAML mapping of a scenario file being read: typed getters that record a problem (with the key's path and
 * line) and return the default when a value is wrong, so one reading reports every problem. Unknown keys are
 * problems too.
 */
final class YamlSection {
    private static final DurationConverter DURATIONS = new DurationConverter();
    private final ScenarioProblems.Collector problems;
    private final String path;
    private final int line;
    private final Map<String, Node> values = new LinkedHashMap<>();
    private final Map<String, Integer> keyLines = new LinkedHashMap<>();

    private YamlSection(ScenarioProblems.Collector problems, String path, int line) {
        this.problems = problems;
        this.path = path;
        this.line = line;
    }

    /** The mapping at {@code node} (a problem if it is not one), allowing only {@code keys}. */
    static YamlSection of(ScenarioProblems.Collector problems, String path, Node node, Set<String> keys) {
        YamlSection s = new YamlSection(problems, path, node == null ? 1 : line(node));
        if (node == null) {
            return s;
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.add(path, line(node), "expected a mapping of " + String.join(", ", new TreeSet<>(keys)));
            return s;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
            if (!keys.contains(key)) {
                problems.add(child(path, key), line(tuple.getKeyNode()),
                        "unknown key; expected one of: " + String.join(", ", new TreeSet<>(keys)));
            } else if (s.values.put(key, tuple.getValueNode()) != null) {
                problems.add(child(path, key), line(tuple.getKeyNode()), "duplicate key");
            } else {
                s.keyLines.put(key, line(tuple.getKeyNode()));
            }
        }
        return s;
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    String path() {
        return path;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    Node node(String key) {
        return values.get(key);
    }

    void problem(String key, String message) {
        problems.add(key == null ? path : child(path, key), key == null ? line : keyLines.getOrDefault(key, line),
                message);
    }

    /** A scalar converted by {@code parse} (whose IllegalArgumentException message becomes the problem). */
    <T> T value(String key, String expected, Function<String, T> parse, T def) {
        Node n = values.get(key);
        if (n == null) {
            return def;
        }
        if (!(n instanceof ScalarNode scalar)) {
            problem(key, "expected " + expected);
            return def;
        }
        try {
            return parse.apply(scalar.getValue());
        } catch (IllegalArgumentException e) {
            problem(key, "\"" + scalar.getValue() + "\": " + e.getMessage());
            return def;
        }
    }

    String string(String key, String def) {
        return value(key, "a string", v -> v, def);
    }

    String required(String key, String message) {
        if (!has(key)) {
            problem(key, message);
            return null;
        }
        return string(key, null);
    }

    int integer(String key, int def, int min, int max) {
        return value(key, "a whole number", v -> {
            int i;
            try {
                i = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number");
            }
            if (i < min || i > max) {
                throw new IllegalArgumentException("out of range (expected: " + min + " to " + max + ")");
            }
            return i;
        }, def);
    }

    double number(String key, double def) {
        return value(key, "a number", v -> {
            try {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number");
            }
        }, def);
    }

    boolean bool(String key, boolean def) {
        return value(key, "true or false", v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        }, def);
    }

    /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}. */
    Duration duration(String key, Duration def) {
        return value(key, "a duration", YamlSection::parseDuration, def);
    }

    static Duration parseDuration(String v) {
        try {
            return DURATIONS.convert(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a duration (expected e.g. 500ms, 10s, 5m, 2h)");
        }
    }

    /** A nested mapping (empty when absent). */
    YamlSection map(String key, Set<String> keys) {
        Node n = values.get(key);
        if (n == null) {
            return new YamlSection(problems, child(path, key), keyLines.getOrDefault(key, line));
        }
        return of(problems, child(path, key), n, keys);
    }

    /** The items of a list of mappings (a problem when the value is not a list). */
    List<YamlSection> list(String key, Set<String> keys) {
        List<YamlSection> out = new ArrayList<>();
        Node n = values.get(key);
        if (n == null) {
            return out;
        }
        if (!(n instanceof SequenceNode seq)) {
            problem(key, "expected a list");
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(of(problems, child(path, key) + "[" + i + "]", seq.getValue().get(i), keys));
        }
        return out;
    }

    /** A list of numbers such as {@code [x, y]}; a problem unless it has exactly {@code size} numbers. */
    double[] numbers(String key, int size, String expected) {
        Node n = values.get(key);
        if (n == null) {
            return null;
        }
        if (n instanceof SequenceNode seq && seq.getValue().size() == size) {
            double[] out = new double[size];
            for (int i = 0; i < size; i++) {
                Node item = seq.getValue().get(i);
                try {
                    out[i] = Double.parseDouble(((ScalarNode) item).getValue());
                } catch (RuntimeException e) {
                    problem(key, "expected " + expected);
                    return null;
                }
            }
            return out;
        }
        problem(key, "expected " + expected);
        return null;
    }
}
