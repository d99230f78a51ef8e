package org.camgate.config;

import org.camgate.common.yaml.YamlMap;
import org.camgate.common.yaml.YamlBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Binds a camera's {@code motion} section; polygons are lists of at least three [x, y] points between 0 and 1. */
final class MotionBinder {
    static final List<String> KEYS = List.of("fps", "keyframesOnly", "analysisSource", "threshold", "minArea", "zones",
            "masks", "startFrames", "endFrames", "height");
    static final String POLYGON_EXPECTED = "expected a polygon: a list of at least 3 [x, y] points, 0 to 1 from the top left";

    private final YamlBinding binding;

    MotionBinder(YamlBinding binding) {
        this.binding = binding;
    }

    MotionConfig bind(YamlMap m) {
        MotionConfig d = MotionConfig.defaults();
        int fps = m.positive("fps", d.fps());
        if (fps > 30) {
            m.problem("fps", "at most 30 (got " + fps + "); 5 is plenty to see people and cars");
        }
        boolean keyframesOnly = m.bool("keyframesOnly", d.keyframesOnly());
        Optional<SourceConfig.Rtsp> source = Optional.empty();
        YamlMap.Scalar s = m.scalar("analysisSource", "an rtsp:// URL");
        if (s != null) {
            try {
                Urls.Parsed p = Urls.parse(s.value(), List.of("rtsp", "rtsps"), "rtsp://... or rtsps://...");
                source = Optional.of(new SourceConfig.Rtsp(p.uri(), p.username(), p.password()));
            } catch (IllegalArgumentException e) {
                m.problemAt(s, e.getMessage());
            }
        }
        int threshold = m.positive("threshold", d.threshold());
        if (threshold > 254) {
            m.problem("threshold", "at most 254 grey levels (got " + threshold + ")");
        }
        double minArea = m.value("minArea", "a fraction of the picture between 0 and 1", v -> {
            double a;
            try {
                a = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a fraction of the picture between 0 and 1, e.g. 0.005, got \"" + v + "\"");
            }
            if (!(a > 0 && a < 1)) {
                throw new IllegalArgumentException("must be between 0 and 1 (a fraction of the picture), got " + v);
            }
            return a;
        }, d.minArea());
        List<MotionConfig.Polygon> zones = polygons(m, "zones");
        List<MotionConfig.Polygon> masks = polygons(m, "masks");
        int startFrames = m.positive("startFrames", d.startFrames());
        int endFrames = m.positive("endFrames", d.endFrames());
        int height = m.positive("height", d.height());
        if (height < 16 || height > 1080) {
            m.problem("height", "between 16 and 1080 pixels (got " + height + ")");
            height = d.height();
        }
        return new MotionConfig(fps, keyframesOnly, source, threshold, minArea, zones, masks, startFrames, endFrames, height);
    }

    private List<MotionConfig.Polygon> polygons(YamlMap m, String key) {
        List<MotionConfig.Polygon> out = new ArrayList<>();
        for (YamlMap.Item item : m.list(key)) {
            MotionConfig.Polygon p = polygon(item.path(), item.node());
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private MotionConfig.Polygon polygon(String path, Node n) {
        if (!(n instanceof SequenceNode seq)) {
            binding.problem(path, n, POLYGON_EXPECTED);
            return null;
        }
        if (seq.getValue().size() < 3) {
            binding.problem(path, n, "a polygon needs at least 3 points, got " + seq.getValue().size()
                    + " (points are [x, y], 0 to 1 from the top left)");
            return null;
        }
        List<double[]> points = new ArrayList<>();
        for (Node pn : seq.getValue()) {
            if (!(pn instanceof SequenceNode ps) || ps.getValue().size() != 2) {
                binding.problem(path, pn, "expected a point [x, y], 0 to 1 from the top left, e.g. [0.5, 0.25]");
                return null;
            }
            double[] xy = new double[2];
            for (int i = 0; i < 2; i++) {
                Node c = ps.getValue().get(i);
                try {
                    xy[i] = Double.parseDouble(((ScalarNode) c).getValue());
                } catch (RuntimeException e) {
                    binding.problem(path, c, "expected a number from 0 to 1 for each coordinate of a point [x, y]"
                            + (c instanceof ScalarNode sc ? ", got \"" + sc.getValue() + "\"" : ""));
                    return null;
                }
                if (!(xy[i] >= 0 && xy[i] <= 1)) {
                    binding.problem(path, c, "point outside the picture: " + ((ScalarNode) c).getValue()
                            + " (coordinates are 0 to 1 from the top left)");
                    return null;
                }
            }
            points.add(xy);
        }
        return new MotionConfig.Polygon(points);
    }
}
