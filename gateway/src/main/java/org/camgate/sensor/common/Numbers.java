package org.camgate.sensor.common;

import org.camgate.common.yaml.YamlMap;
import org.camgate.common.yaml.YamlBinding;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Numbers, points and polygons in sensor sections. */
public final class Numbers {
    /** Polygons are small: a zone outline, not a map. */
    static final int MAX_POLYGON_POINTS = 64;

    private Numbers() {
    }

    public static double finite(String v) {
        return YamlMap.parseNumber(v);
    }

    public static double positive(String v) {
        double d = finite(v);
        if (d <= 0) {
            throw new IllegalArgumentException("must be > 0 (got " + v + ")");
        }
        return d;
    }

    public static double nonNegative(String v) {
        double d = finite(v);
        if (d < 0) {
            throw new IllegalArgumentException("must be >= 0 (got " + v + ")");
        }
        return d;
    }

    public static Point2 point(YamlMap m, String key) {
        double[] v = vector(m, key, 2, "a point [x, y]");
        return v == null ? null : new Point2(v[0], v[1]);
    }

    /** A list of {@code n} numbers at {@code key}; null after recording a problem. */
    public static double[] vector(YamlMap m, String key, int n, String expected) {
        return vector(m.binding(), m.child(key), m.node(key), n, expected);
    }

    private static double[] vector(YamlBinding b, String path, Node node, int n, String expected) {
        return YamlMap.numbersAt(b, path, node, n, expected + ", e.g. " + (n == 2 ? "[2.5, 4]" : "[0, 0, 0.2]"));
    }

    /** At least 3 and at most {@link #MAX_POLYGON_POINTS} points; null after recording a problem. */
    public static List<Point2> polygon(YamlMap m, String key) {
        Node node = m.node(key);
        if (!(node instanceof SequenceNode seq) || seq.getValue().size() < 3 || seq.getValue().size() > MAX_POLYGON_POINTS) {
            m.problem(key, "expected 3 to " + MAX_POLYGON_POINTS + " points [x, y], e.g. [[0, 0], [10, 0], [10, 10], [0, 10]]");
            return null;
        }
        List<Point2> points = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < seq.getValue().size(); i++) {
            double[] v = vector(m.binding(), m.child(key) + "[" + i + "]", seq.getValue().get(i), 2, "a point [x, y]");
            if (v == null) {
                ok = false;
            } else {
                points.add(new Point2(v[0], v[1]));
            }
        }
        if (ok && Math.abs(area(points)) < 1e-9) {
            m.problem(key, "the polygon has no area (are its points on one line?)");
            return null;
        }
        return ok ? points : null;
    }

    private static double area(List<Point2> p) {
        double a = 0;
        for (int i = 0; i < p.size(); i++) {
            Point2 u = p.get(i);
            Point2 v = p.get((i + 1) % p.size());
            a += u.x() * v.y() - v.x() * u.y();
        }
        return a / 2;
    }
}
