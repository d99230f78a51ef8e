package org.camgate.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's own motion analysis of one camera.
 *
 * @param fps            analysed pictures per second (the stream is decoded in full; only these are compared); default 5
 * @param keyframesOnly  decode keyframes only (far cheaper, as coarse as the camera's keyframe interval); default false
 * @param analysisSource a separate (lower-resolution) stream to analyse instead of the recorded one, e.g. a sub-stream
 * @param threshold      grey-level difference (0-255) a pixel must exceed to count as changed; default 25
 * @param minArea        smallest changed region that counts, as a fraction of the analysed area; default 0.005
 * @param zones          polygons where motion counts (empty: the whole picture)
 * @param masks          polygons where motion never counts (privacy masks, trees, roads)
 * @param startFrames    analysed pictures in a row with motion before motion starts; default 2
 * @param endFrames      analysed pictures in a row without motion before it ends; default 10
 * @param height         height in pixels of the analysed picture (width keeps the aspect ratio); default 100
 */
public record MotionConfig(int fps, boolean keyframesOnly, Optional<SourceConfig.Rtsp> analysisSource, int threshold,
                           double minArea, List<Polygon> zones, List<Polygon> masks, int startFrames, int endFrames,
                           int height) {
    public MotionConfig {
        Objects.requireNonNull(analysisSource, "analysisSource");
        zones = List.copyOf(zones);
        masks = List.copyOf(masks);
    }

    public static MotionConfig defaults() {
        return new MotionConfig(5, false, Optional.empty(), 25, 0.005, List.of(), List.of(), 2, 10, 100);
    }

    /** A polygon in normalised picture coordinates: x from 0 (left) to 1 (right), y from 0 (top) to 1 (bottom). */
    public record Polygon(List<double[]> points) {
        public Polygon {
            points = List.copyOf(points);
            if (points.size() < 3) {
                throw new IllegalArgumentException("polygon: " + points.size() + " points (expected: at least 3)");
            }
        }

        /** Whether the point is inside (even-odd rule). */
        public boolean contains(double x, double y) {
            boolean inside = false;
            for (int i = 0, j = points.size() - 1; i < points.size(); j = i++) {
                double[] a = points.get(i);
                double[] b = points.get(j);
                if ((a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) {
                    inside = !inside;
                }
            }
            return inside;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Polygon p) || p.points.size() != points.size()) {
                return false;
            }
            for (int i = 0; i < points.size(); i++) {
                if (!java.util.Arrays.equals(points.get(i), p.points.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (double[] p : points) {
                h = 31 * h + java.util.Arrays.hashCode(p);
            }
            return h;
        }
    }

    /** Used by tests and the binder: an {@code analysisSource} URL. */
    static SourceConfig.Rtsp source(URI uri, String username, String password) {
        return new SourceConfig.Rtsp(uri, username, password);
    }
}
