package org.camgate.sensor.lidar;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Nearest-neighbour tracking of object centroids between consecutive frames, giving each object a smoothed speed.
 * An object not matched in a frame is forgotten; at most {@link #MAX_OBJECTS} are tracked.
 */
final class ObjectTracker {
    static final int MAX_OBJECTS = 64;
    /** Largest move between two frames that is still the same object, metres. */
    static final double MAX_JUMP = 3.0;

    private static final class Tracked {
        double x;
        double y;
        Instant time;
        double speed;
        int hits;
    }

    private List<Tracked> objects = new ArrayList<>();

    /** Matches this frame's centroids; returns the highest speed (m/s) of objects seen in two frames or more. */
    double update(List<double[]> centroids, Instant now) {
        List<Tracked> next = new ArrayList<>();
        boolean[] used = new boolean[objects.size()];
        double fastest = 0;
        for (double[] c : centroids) {
            if (next.size() >= MAX_OBJECTS) {
                break;
            }
            int best = -1;
            double bestDist = MAX_JUMP;
            for (int i = 0; i < objects.size(); i++) {
                Tracked o = objects.get(i);
                double d = Math.hypot(o.x - c[0], o.y - c[1]);
                if (!used[i] && d <= bestDist) {
                    best = i;
                    bestDist = d;
                }
            }
            Tracked t = new Tracked();
            t.x = c[0];
            t.y = c[1];
            t.time = now;
            if (best >= 0) {
                used[best] = true;
                Tracked o = objects.get(best);
                double dt = Duration.between(o.time, now).toNanos() / 1e9;
                double v = dt > 0.01 ? bestDist / dt : o.speed;
                t.hits = o.hits + 1;
                t.speed = o.hits == 0 ? v : 0.5 * o.speed + 0.5 * v;
                if (t.hits >= 2) {
                    fastest = Math.max(fastest, t.speed);
                }
            }
            next.add(t);
        }
        objects = next;
        return fastest;
    }

    void clear() {
        objects = new ArrayList<>();
    }
}
