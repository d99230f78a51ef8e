package org.camgate.sim.site;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.camgate.sim.sensor.SensorKind;
import org.camgate.sim.sensor.SensorScenario;
import org.camgate.sim.sensor.SensorWire;

/**
 * What one simulated sensor of a site sends over its timeline: radar track lists of the objects within its range,
 * LiDAR point clouds (ground plus a cloud per object) or thermal frames (ground, warm bodies, fires), all relative
 * to the sensor's position and read from the same {@link SiteTimeline} the cameras draw. Its {@code silence} and
 * {@code junk} faults are applied here: nothing is sent while silent, random datagrams go with each frame while
 * sending junk.
 */
public final class SiteSensorScenario implements SensorScenario {
    /** Radar and LiDAR report what is within this distance. */
    static final double RANGE = 60;
    private static final double GROUND_CELSIUS = 8;
    private static final int GROUND_POINTS_SIDE = 40;

    private final SiteSensor sensor;
    private final SensorKind kind;
    private final SiteTimeline timeline;
    private final List<Fault> faults;
    private final int frames;
    private final boolean loops;
    private final Random random;

    /** {@code loops}: the timeline repeats without a gap, in step with the site's cameras. */
    public SiteSensorScenario(SiteSensor sensor, SiteTimeline timeline, List<Fault> faults, Duration duration,
                              boolean loops) {
        this.loops = loops;
        this.sensor = sensor;
        this.kind = SensorKind.valueOf(sensor.type().toUpperCase(java.util.Locale.ROOT));
        this.timeline = timeline;
        this.faults = faults.stream().filter(f -> !f.onCamera() && f.target().equals(sensor.id())).toList();
        this.frames = (int) Math.max(1, duration.toMillis() / period().toMillis());
        this.random = new Random(sensor.id().hashCode());
    }

    @Override
    public String name() {
        return sensor.id();
    }

    @Override
    public SensorKind kind() {
        return kind;
    }

    /** Radar and LiDAR 10 Hz; thermal 9 Hz, as low-resolution thermal cores usually run. */
    @Override
    public Duration period() {
        return kind == SensorKind.THERMAL ? Duration.ofMillis(111) : Duration.ofMillis(100);
    }

    @Override
    public int frames() {
        return frames;
    }

    @Override
    public List<byte[]> frame(int frame, long frameId) {
        int index = loops ? frame % frames : frame;
        double t = index * period().toMillis() / 1000.0;
        if (index >= frames || faults.stream().anyMatch(f -> f.action().equals("silence") && f.activeAt(t))) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>(switch (kind) {
            case RADAR -> List.of(radar(t, frameId));
            case LIDAR -> lidar(t, frameId);
            case THERMAL -> thermal(t, frameId);
        });
        if (faults.stream().anyMatch(f -> f.action().equals("junk") && f.activeAt(t))) {
            for (int i = 0; i < 3; i++) {
                byte[] junk = new byte[1 + random.nextInt(400)];
                random.nextBytes(junk);
                out.add(junk);
            }
        }
        return out;
    }

    private byte[] radar(double t, long frameId) {
        List<SensorWire.Track> tracks = new ArrayList<>();
        for (SiteObject.State s : timeline.objectsAt(t)) {
            double x = s.x() - sensor.x();
            double y = s.y() - sensor.y();
            if (Math.hypot(x, y) <= RANGE) {
                tracks.add(new SensorWire.Track(s.object().id(), x, y, s.vx(), s.vy(), s.object().kind().radarClass()));
            }
        }
        return SensorWire.radar(frameId, tracks);
    }

    private List<byte[]> lidar(double t, long frameId) {
        List<SiteObject.State> states = timeline.objectsAt(t);
        float[] p = new float[(GROUND_POINTS_SIDE * GROUND_POINTS_SIDE + states.size() * 400) * 4];
        int n = 0;
        // The ground around the sensor, a 0.5 m grid, slightly uneven.
        for (int gy = 0; gy < GROUND_POINTS_SIDE; gy++) {
            for (int gx = 0; gx < GROUND_POINTS_SIDE; gx++) {
                n = put(p, n, -10 + gx * 0.5, -10 + gy * 0.5, 0.02 * random.nextDouble(), 0.2);
            }
        }
        for (SiteObject.State s : states) {
            double x = s.x() - sensor.x();
            double y = s.y() - sensor.y();
            if (Math.hypot(x, y) > RANGE) {
                continue;
            }
            SiteObject.Kind k = s.object().kind();
            int points = k == SiteObject.Kind.PERSON ? 200 : 400;
            for (int i = 0; i < points; i++) {
                double px = x + (random.nextDouble() - 0.5) * k.length;
                double py = y + (random.nextDouble() - 0.5) * k.width;
                double pz = 0.3 + random.nextDouble() * (k.height - 0.3);
                n = put(p, n, px, py, pz, 0.6);
            }
        }
        return SensorWire.lidar(frameId, p, n, SensorWire.LIDAR_POINTS_PER_PACKET);
    }

    private static int put(float[] p, int n, double x, double y, double z, double intensity) {
        p[n * 4] = (float) x;
        p[n * 4 + 1] = (float) y;
        p[n * 4 + 2] = (float) z;
        p[n * 4 + 3] = (float) intensity;
        return n + 1;
    }

    private List<byte[]> thermal(double t, long frameId) {
        int w = sensor.width();
        int h = sensor.height();
        CameraView view = sensor.view();
        short[] pixels = new short[w * h];
        List<SiteObject.State> states = timeline.objectsAt(t);
        for (int row = 0; row < h; row++) {
            double y = view.y0() + (row + 0.5) / h * (view.y1() - view.y0());
            for (int col = 0; col < w; col++) {
                double x = view.x0() + (col + 0.5) / w * (view.x1() - view.x0());
                double celsius = GROUND_CELSIUS + 0.3 * random.nextGaussian();
                for (SiteObject.State s : states) {
                    SiteObject.Kind k = s.object().kind();
                    // Warm within the object's footprint, with half a metre of margin so a small body covers a pixel.
                    if (Math.abs(x - s.x()) <= Math.max(0.5, k.length / 2) && Math.abs(y - s.y()) <= Math.max(0.5, k.width / 2)) {
                        celsius = Math.max(celsius, k.surfaceCelsius);
                    }
                }
                double fire = timeline.fireAt(x, y, t).orElse(Double.NaN);
                if (!Double.isNaN(fire)) {
                    celsius = Math.max(celsius, fire);
                }
                pixels[row * w + col] = SensorWire.centiKelvin(celsius);
            }
        }
        return SensorWire.thermal(frameId, w, h, pixels, SensorWire.THERMAL_PIXELS_PER_PACKET);
    }
}
