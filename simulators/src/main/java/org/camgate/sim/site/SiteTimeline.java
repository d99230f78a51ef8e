package org.camgate.sim.site;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that happens in a simulated site, in site time (seconds from the start): objects moving, fires,
 * and per-camera lighting changes and sensor noise. Cameras and sensors all read the same timeline, so what a
 * camera shows and what a radar reports agree.
 *
 * @param brightness per camera path, the grey-level changes (at, delta) that add up over time
 * @param noise      per camera path, the windows (from, to, amplitude) of sensor noise
 */
public record SiteTimeline(List<SiteObject> objects, List<Fire> fires, Map<String, List<double[]>> brightness,
                           Map<String, List<double[]>> noise) {
    public SiteTimeline {
        objects = List.copyOf(objects);
        fires = List.copyOf(fires);
        brightness = Map.copyOf(brightness);
        noise = Map.copyOf(noise);
    }

    /** Every object present at {@code t}, with its position and velocity. */
    public List<SiteObject.State> objectsAt(double t) {
        List<SiteObject.State> out = new ArrayList<>();
        for (SiteObject o : objects) {
            o.at(t).ifPresent(out::add);
        }
        return out;
    }

    /** The sum of the camera's brightness changes begun by {@code t}. */
    public int brightnessAt(String camera, double t) {
        int delta = 0;
        for (double[] change : brightness.getOrDefault(camera, List.of())) {
            if (t >= change[0]) {
                delta += (int) change[1];
            }
        }
        return delta;
    }

    /** The camera's noise amplitude at {@code t} (0: none). */
    public int noiseAt(String camera, double t) {
        for (double[] window : noise.getOrDefault(camera, List.of())) {
            if (t >= window[0] && t < window[1]) {
                return (int) window[2];
            }
        }
        return 0;
    }

    /** The hottest fire covering {@code (x, y)} at {@code t}, in degrees Celsius. */
    public Optional<Double> fireAt(double x, double y, double t) {
        Optional<Double> hottest = Optional.empty();
        for (Fire f : fires) {
            double r = f.radiusAt(t);
            if (r > 0 && Math.hypot(x - f.x(), y - f.y()) <= r) {
                double c = f.celsiusAt(t);
                if (hottest.isEmpty() || c > hottest.get()) {
                    hottest = Optional.of(c);
                }
            }
        }
        return hottest;
    }
}
