package org.camgate.sensor.lidar;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Simple clustering of points in the plane: points fall into square cells; 8-connected occupied cells form one
 * object; an object is its points' centroid. Bounded: at most {@link #MAX_CELLS} cells per frame (further points
 * are ignored) and objects smaller than {@link #MIN_POINTS} points are noise.
 */
final class GridClusterer {
    static final double DEFAULT_CELL = 0.5;
    static final int MAX_CELLS = 16_384;
    static final int MIN_POINTS = 5;

    private final double cell;
    private final Map<Long, double[]> cells = new HashMap<>();

    GridClusterer(double cell) {
        this.cell = cell;
    }

    void clear() {
        cells.clear();
    }

    void add(double x, double y) {
        long key = key((int) Math.floor(x / cell), (int) Math.floor(y / cell));
        double[] c = cells.get(key);
        if (c == null) {
            if (cells.size() >= MAX_CELLS) {
                return;
            }
            c = new double[3];
            cells.put(key, c);
        }
        c[0]++;
        c[1] += x;
        c[2] += y;
    }

    /** Centroids {x, y, points} of the objects of this frame. */
    List<double[]> clusters() {
        List<double[]> out = new ArrayList<>();
        Map<Long, double[]> left = new HashMap<>(cells);
        ArrayDeque<Long> queue = new ArrayDeque<>();
        while (!left.isEmpty()) {
            Long start = left.keySet().iterator().next();
            double n = 0;
            double sx = 0;
            double sy = 0;
            queue.add(start);
            double[] first = left.remove(start);
            n += first[0];
            sx += first[1];
            sy += first[2];
            while (!queue.isEmpty()) {
                long k = queue.poll();
                int cx = (int) (k >> 32);
                int cy = (int) k;
                for (int dx = -1; dx <= 1; dx++) {
                    for (int dy = -1; dy <= 1; dy++) {
                        long nk = key(cx + dx, cy + dy);
                        double[] c = left.remove(nk);
                        if (c != null) {
                            n += c[0];
                            sx += c[1];
                            sy += c[2];
                            queue.add(nk);
                        }
                    }
                }
            }
            if (n >= MIN_POINTS) {
                out.add(new double[] {sx / n, sy / n, n});
            }
        }
        return out;
    }

    private static long key(int cx, int cy) {
        return ((long) cx << 32) | (cy & 0xFFFFFFFFL);
    }
}
