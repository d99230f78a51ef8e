package org.camgate.common.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.camgate.common.net.HostPort;
import org.camgate.common.units.ByteSizes;
import org.camgate.common.units.Durations;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping with a fixed set of keys, read by hand so that every problem carries its path and line.
 * Unknown and duplicate keys are reported when it is made. Typed getters return the default when the key is
 * absent, and also (after recording the problem) when the value is wrong: the caller keeps going, the load fails.
 */
public final class YamlMap {
    /** A scalar value after variable substitution, with where it came from. */
    public record Scalar(String path, Node node, String value) {
    }

    /** An element of a list. */
    public record Item(String path, Node node) {
    }

    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d{1,3})?");

    private final YamlBinding binding;
    private final String path;
    private final int line;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private boolean wrongType;

    private YamlMap(YamlBinding binding, String path, int line) {
        this.binding = binding;
        this.path = path;
        this.line = line;
    }

    /** {@code node} null (absent) or a YAML null is an empty mapping; anything else but a mapping is a problem. */
    public static YamlMap of(YamlBinding binding, String path, Node node, int lineIfAbsent, List<String> keys) {
        YamlMap map = new YamlMap(binding, path, node == null ? lineIfAbsent : YamlBinding.line(node));
        if (node == null || isNull(node)) {
            return map;
        }
        if (!(node instanceof MappingNode mapping)) {
            binding.problem(path, node, "expected a mapping, got " + describe(node));
            map.wrongType = true;
            return map;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                binding.problem(path, keyNode, "keys must be plain names, got " + describe(keyNode));
                continue;
            }
            String key = scalarKey.getValue();
            String keyPath = map.child(key);
            if (keyNode.getTag().equals(Tag.MERGE)) {
                binding.problem(keyPath, keyNode, "merge keys (<<) are not supported");
            } else if (map.entries.containsKey(key)) {
                binding.problem(keyPath, keyNode, "duplicate key (first at line "
                        + YamlBinding.line(map.entries.get(key).getKeyNode()) + ")");
            } else if (!keys.contains(key) && binding.movedKey(keyPath) != null) {
                binding.problem(keyPath, keyNode, binding.movedKey(keyPath));
            } else if (!keys.contains(key)) {
                binding.problem(keyPath, keyNode, "unknown key; expected one of: " + String.join(", ", keys));
            } else {
                map.entries.put(key, tuple);
            }
        }
        return map;
    }

    /** False when the node was not a mapping at all (already reported; callers skip the entry). */
    public boolean isMapping() {
        return !wrongType;
    }

    public String path() {
        return path;
    }

    /** The load this mapping belongs to (to read nested list entries). */
    public YamlBinding binding() {
        return binding;
    }

    public int line() {
        return line;
    }

    public String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value node, or null when absent. */
    public Node node(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** Records a problem at the key's value, or at the key when the value is a list or mapping (or at this mapping when the key is absent). */
    public void problem(String key, String message) {
        NodeTuple t = entries.get(key);
        // A list or mapping value starts on the lines below its key: point at the key.
        Node at = t == null ? null : t.getValueNode() instanceof ScalarNode ? t.getValueNode() : t.getKeyNode();
        binding.problem(child(key), at == null ? line : YamlBinding.line(at), message);
    }

    /** Records a problem about this mapping as a whole (a combination of keys, say), at its line. */
    public void problemHere(String message) {
        binding.problem(path, line, message);
    }

    /** Records a problem at a value read from this mapping (a list element, say). */
    public void problemAt(Scalar s, String message) {
        binding.problem(s.path(), s.node(), message);
    }

    /** The substituted scalar, or null when absent, not a scalar, or a variable is missing (problems recorded). */
    public Scalar scalar(String key, String expected) {
        Node n = node(key);
        if (n == null) {
            return null;
        }
        return scalarOf(binding, child(key), n, expected);
    }

    public static Scalar scalarOf(YamlBinding binding, String path, Node n, String expected) {
        if (isNull(n)) {
            binding.problem(path, n, "no value; expected " + expected);
            return null;
        }
        if (!(n instanceof ScalarNode s)) {
            binding.problem(path, n, "expected " + expected + ", got " + describe(n));
            return null;
        }
        String value = binding.substitute(path, n, s.getValue());
        return value == null ? null : new Scalar(path, n, value);
    }

    /** Records that the required {@code key} is absent ({@code message} says what it should be); returns null. */
    public <T> T missing(String key, String message) {
        problem(key, message);
        return null;
    }

    /** A required non-blank string; records {@code message} when absent or blank, and returns null. */
    public String required(String key, String message) {
        if (!has(key)) {
            binding.problem(child(key), line, message);
            return null;
        }
        Scalar s = scalar(key, "a string");
        if (s == null) {
            return null;
        }
        if (s.value().isBlank()) {
            binding.problem(s.path(), s.node(), message);
            return null;
        }
        return s.value();
    }

    public String string(String key, String def) {
        Scalar s = scalar(key, "a string");
        return s == null ? def : s.value();
    }

    /** Parses the value with {@code parser}, whose {@link IllegalArgumentException} message becomes the problem. */
    public <T> T value(String key, String expected, Function<String, T> parser, T def) {
        Scalar s = scalar(key, expected);
        if (s == null) {
            return def;
        }
        try {
            return parser.apply(s.value());
        } catch (IllegalArgumentException e) {
            binding.problem(s.path(), s.node(), e.getMessage());
            return def;
        }
    }

    /** A file or directory path: not empty, and one the platform accepts. */
    public java.nio.file.Path path(String key, String expected, java.nio.file.Path def) {
        return value(key, expected, v -> {
            if (v.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            try {
                return java.nio.file.Path.of(v);
            } catch (java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException("invalid path: " + e.getReason());
            }
        }, def);
    }

    public boolean bool(String key, boolean def) {
        return value(key, "true or false", v -> {
            if (v.equals("true") || v.equals("false")) {
                return Boolean.parseBoolean(v);
            }
            throw new IllegalArgumentException("expected true or false, got \"" + v + "\"");
        }, def);
    }

    public int integer(String key, int def) {
        return value(key, "an integer", YamlMap::parseInt, def);
    }

    /** An integer > 0 (limits, counts). */
    public int positive(String key, int def) {
        int v = integer(key, def);
        if (v <= 0) {
            problem(key, "must be > 0 (got " + v + ")");
            return def;
        }
        return v;
    }

    public int port(String key, int def) {
        int v = integer(key, def);
        if (v < 0 || v > 65535) {
            problem(key, "port " + v + " out of range (expected: 0-65535)");
            return def;
        }
        return v;
    }

    public java.time.Duration duration(String key, java.time.Duration def) {
        return value(key, "a duration", Durations::parse, def);
    }

    /** A duration > 0. */
    public java.time.Duration positiveDuration(String key, java.time.Duration def) {
        java.time.Duration d = duration(key, def);
        if (d.isZero()) {
            problem(key, "must be longer than 0s");
            return def;
        }
        return d;
    }

    public long positiveSize(String key, long def) {
        long v = value(key, "a size", ByteSizes::parse, def);
        if (v <= 0) {
            problem(key, "must be larger than 0B");
            return def;
        }
        return v;
    }

    public HostPort hostPort(String key, HostPort def) {
        return value(key, "host:port", HostPort::parse, def);
    }

    /** An enum written in lower case with dashes: {@code strip}, {@code keep}. */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, String what, E def) {
        return value(key, what, v -> {
            for (E e : type.getEnumConstants()) {
                if (yamlName(e).equals(v)) {
                    return e;
                }
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(yamlName(e));
            }
            throw new IllegalArgumentException("unknown " + what + " \"" + v + "\" (expected one of: "
                    + String.join(", ", names) + ")");
        }, def);
    }

    public static String yamlName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public YamlMap map(String key, List<String> keys) {
        return of(binding, child(key), node(key), line, keys);
    }

    /** The list's elements; absent or YAML null is empty; anything else but a list is a problem. */
    public List<Item> list(String key) {
        Node n = node(key);
        List<Item> items = new ArrayList<>();
        if (n == null || isNull(n)) {
            return items;
        }
        if (!(n instanceof SequenceNode seq)) {
            problem(key, "expected a list, got " + describe(n));
            return items;
        }
        List<Node> values = seq.getValue();
        for (int i = 0; i < values.size(); i++) {
            items.add(new Item(child(key) + "[" + i + "]", values.get(i)));
        }
        return items;
    }

    /** A list of scalars, substituted; elements with problems are left out. */
    public List<Scalar> scalars(String key, String expected) {
        List<Scalar> out = new ArrayList<>();
        for (Item item : list(key)) {
            Scalar s = scalarOf(binding, item.path(), item.node(), expected);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** An integer from {@code min} to {@code max}. */
    public int integer(String key, int def, int min, int max) {
        return value(key, "an integer", v -> {
            int i = parseInt(v);
            if (i < min || i > max) {
                throw new IllegalArgumentException("\"" + v + "\": out of range (expected: " + min + " to " + max + ")");
            }
            return i;
        }, def);
    }

    /** A finite decimal number such as {@code 2.5}, {@code -3} or {@code 1e3}. */
    public double number(String key, double def) {
        return value(key, "a number", YamlMap::parseNumber, def);
    }

    /**
     * A list of exactly {@code size} numbers, such as {@code [x, y]}; null when absent, and null after recording a
     * problem ({@code "expected " + expected}) when it is something else.
     */
    public double[] numbers(String key, int size, String expected) {
        Node n = node(key);
        return n == null ? null : numbersAt(binding, child(key), n, size, expected);
    }

    /** {@link #numbers} for a node that is not under a key (a list element). */
    public static double[] numbersAt(YamlBinding binding, String path, Node node, int size, String expected) {
        if (!(node instanceof SequenceNode seq) || seq.getValue().size() != size) {
            binding.problem(path, node, "expected " + expected);
            return null;
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            Scalar s = scalarOf(binding, path + "[" + i + "]", seq.getValue().get(i), "a number");
            if (s == null) {
                return null;
            }
            try {
                out[i] = parseNumber(s.value());
            } catch (IllegalArgumentException e) {
                binding.problem(s.path(), s.node(), e.getMessage());
                return null;
            }
        }
        return out;
    }

    /** The mappings of a list of mappings, each allowing only {@code keys}; elements that are not mappings are problems. */
    public List<YamlMap> maps(String key, List<String> keys) {
        List<YamlMap> out = new ArrayList<>();
        for (Item item : list(key)) {
            YamlMap m = of(binding, item.path(), item.node(), line, keys);
            if (m.isMapping()) {
                out.add(m);
            }
        }
        return out;
    }

    /** A finite number; the message names the text when it is not one. */
    public static double parseNumber(String v) {
        String t = v.strip();
        if (!NUMBER.matcher(t).matches()) {
            throw new IllegalArgumentException("expected a number, got \"" + v + "\"");
        }
        double d = Double.parseDouble(t);
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("number " + v + " out of range");
        }
        return d;
    }

    public static boolean isNull(Node n) {
        return n instanceof ScalarNode && n.getTag().equals(Tag.NULL);
    }

    public static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return isNull(n) ? "nothing" : "a value";
    }

    private static int parseInt(String v) {
        if (!v.matches("-?\\d{1,10}")) {
            throw new IllegalArgumentException("expected an integer, got \"" + v + "\"");
        }
        long l = Long.parseLong(v);
        if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("integer " + v + " out of range");
        }
        return (int) l;
    }
}
